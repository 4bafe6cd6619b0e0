"""!unavailable [CE-…]: the paged person cannot take it; escalate to the next contact now."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, EventRef, ParsedArgs, Reply, command
from commands.paging import sequence
from commands.paging.pages import pending_page_for_sender
from protocols.errors import UserError
from protocols.paging.answers import decline
from protocols.roles import ALL_ROLES
from storage.repositories import crisis


@command(
    "unavailable",
    roles=ALL_ROLES,
    help="Say you cannot take the page you got; MACT pages the next contact at once.",
    args=(EventRef(),),
    contacts_allowed=True,
)
async def unavailable(ctx: CommandContext, args: ParsedArgs) -> Reply:
    if not (ctx.is_direct or ctx.thread_root or args.get("event")):
        raise UserError(f"Use {ctx.prefix}unavailable in the direct message that paged you.")
    event, page = await pending_page_for_sender(ctx, args.get("event"), "unavailable")
    steps, _ = await crisis.steps_and_pages(ctx.session, event.id)
    await sequence.apply_for_command(ctx, event, [decline(page, ctx.sender, ctx.now)])
    return Reply(
        f"Noted: you are unavailable for {event.id}. Paging the next contact for "
        f"{steps[page.step_index].agency}."
    )
