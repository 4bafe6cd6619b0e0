"""!improvements [agency]: open improvement items from every review, soonest due first."""

from __future__ import annotations

from commands.huddle.items import improvement_line
from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from protocols.errors import UserError
from protocols.roles import ALL_ROLES
from storage.repositories import items


@command(
    "improvements",
    roles=ALL_ROLES,
    help="List open improvement items from all after-action reviews, optionally for one "
    "agency, so follow-through is tracked across agencies and events.",
    args=(Word("agency", optional=True),),
)
async def improvements(ctx: CommandContext, args: ParsedArgs) -> Reply:
    agency = args.get("agency")
    if agency is not None:
        agency = agency.upper()
        if ctx.config.agency(agency) is None:
            known = ", ".join(ctx.config.agency_codes)
            raise UserError(f"There is no agency {agency[:24]} (known: {known}).")
    found = await items.open_improvements(ctx.session, agency)
    scope = f" for {agency}" if agency else ""
    if not found:
        return Reply(f"No open improvement items{scope}.")
    tz = ctx.config.coalition.timezone
    lines = [f"{i.event_id} {improvement_line(i, ctx.now, tz)}" for i in found]
    head = f"{len(found)} open improvement item(s){scope}"
    return bulleted(head, lines)
