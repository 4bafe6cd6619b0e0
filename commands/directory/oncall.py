"""!oncall [AGENCY]: who would be paged right now, with business hours, holidays and the
after-hours contact applied, as a page at this moment would go."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from protocols.config.schema import Agency
from protocols.errors import UserError
from protocols.paging.escalation import contact_chain, in_business_hours
from protocols.roles import ALL_ROLES


@command(
    "oncall",
    roles=ALL_ROLES,
    help="Who would be paged right now, for every agency or one: business hours, holidays "
    "and after-hours contacts applied, then the escalation order.",
    args=(Word("agency", optional=True),),
)
async def oncall(ctx: CommandContext, args: ParsedArgs) -> Reply:
    code = args.get("agency")
    if code is not None:
        agency = ctx.config.agency(code.upper())
        if agency is None:
            known = ", ".join(ctx.config.agency_codes)
            raise UserError(f"There is no agency {code[:24]} (known: {known}).")
        agencies: tuple[Agency, ...] = (agency,)
    else:
        agencies = ctx.config.agencies
    tz = ctx.config.coalition.timezone
    names = ctx.config.names()
    lines = []
    for a in agencies:
        chain = contact_chain(a, ctx.now, tz)
        first, rest = chain[0], chain[1:]
        state = "open" if in_business_hours(a, ctx.now, tz) else "closed"
        clock = ctx.now.astimezone(ZoneInfo(a.timezone or tz)).strftime("%a %H:%M")
        then = "; then " + ", ".join(names.get(t.user_id, t.user_id) for t in rest) if rest else ""
        who = names.get(first.user_id, first.user_id)
        lines.append(f"{a.code} ({state}, {clock}): {first.label} {who}{then}")
    return bulleted("Who a page would reach now", lines)
