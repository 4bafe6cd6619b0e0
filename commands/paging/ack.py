"""!ack [CE-…]: acknowledge a page (in its DM) or for your agency (in the huddle thread)."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, EventRef, ParsedArgs, Reply, command
from commands.kernel.lookup import resolve_event
from commands.paging import messages, sequence
from commands.paging.pages import pending_page_for_sender, step_for_sender
from commands.paging.reactions import may_acknowledge
from protocols.errors import PermissionDenied, UserError
from protocols.paging.answers import acknowledge
from protocols.roles import ALL_ROLES
from storage.repositories import crisis


@command(
    "ack",
    roles=ALL_ROLES,
    help="Acknowledge a page: in the page's direct message, or for your agency in the "
    "huddle thread.",
    args=(EventRef(),),
    contacts_allowed=True,
)
async def ack(ctx: CommandContext, args: ParsedArgs) -> Reply:
    named = args.get("event")
    if ctx.is_direct:
        event, page = await pending_page_for_sender(ctx, named, "ack")
        steps, pages = await crisis.steps_and_pages(ctx.session, event.id)
        step = steps[page.step_index]
    elif ctx.thread_root or named:
        event = await resolve_event(ctx, named, "ack")
        step, pages = await step_for_sender(ctx, event)
    else:
        raise UserError(
            f"Use {ctx.prefix}ack in the direct message that paged you, or in the event's "
            "huddle thread."
        )
    targets = {p.target for p in pages if p.step_index == step.index}
    if not may_acknowledge(ctx.config, ctx.sender, step.agency, targets):
        raise PermissionDenied(
            f"Only the person paged or a member of {step.agency} can acknowledge for it."
        )
    await sequence.apply_for_command(ctx, event, [acknowledge(step, pages, ctx.sender, ctx.now)])
    return Reply(
        f"Acknowledged {event.id} for {step.agency}. Huddle thread: {messages.thread_link(event)}"
    )
