"""!ack [CE-…]: acknowledge a page (in its DM) or for your agency (in the huddle thread)."""

from __future__ import annotations

from protocols.crisis import CrisisEvent, parse_event_id
from protocols.errors import PermissionDenied, UserError
from protocols.escalation import Page, Step, StepState, acknowledge
from protocols.roles import ALL_ROLES
from storage.repositories import crisis

from . import crisis_flow
from .event_lookup import resolve_event
from .framework import CommandContext, ParsedArgs, Reply, Word, command
from .reactions import may_acknowledge


async def pending_page_for_sender(
    ctx: CommandContext, named: str | None, command_name: str
) -> tuple[CrisisEvent, Page]:
    """The one page waiting for the sender's answer (narrowed by a named event).

    Raises UserError if there is none, or several for different events and none was named.
    """
    pending = await crisis.pending_pages_for(ctx.session, ctx.sender)
    if named:
        wanted = parse_event_id(named)
        pending = [(e, p) for e, p in pending if e == wanted]
    if not pending:
        raise UserError("You have no page waiting for an answer.")
    events = sorted({e for e, _ in pending})
    if len(events) > 1:
        raise UserError(
            f"Pages are waiting for {', '.join(events)}: say {ctx.prefix}{command_name} CE-… "
            "to choose."
        )
    event = await crisis.get_event(ctx.session, events[0])
    assert event is not None
    return event, pending[0][1]


async def step_for_sender(ctx: CommandContext, event: CrisisEvent) -> tuple[Step, list[Page]]:
    steps, pages = await crisis.steps_and_pages(ctx.session, event.id)
    paged_for = {p.step_index for p in pages if p.target == ctx.sender}
    mine = [s for s in steps if s.agency == ctx.member.agency or s.index in paged_for]
    if not mine:
        raise PermissionDenied(
            f"{ctx.member.agency} is not in {event.id}'s notification sequence; only a paged "
            "person or a member of a paged agency can acknowledge."
        )
    # Prefer the step that is waiting for an answer.
    open_first = sorted(mine, key=lambda s: s.state not in (StepState.PAGING, StepState.WAITING))
    return open_first[0], pages


@command(
    "ack",
    roles=ALL_ROLES,
    help="Acknowledge a page: in the page's direct message, or for your agency in the "
    "huddle thread.",
    args=(Word("event", optional=True),),
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
            "Use !ack in the direct message that paged you, or in the event's huddle thread."
        )
    targets = {p.target for p in pages if p.step_index == step.index}
    if not may_acknowledge(ctx.config, ctx.sender, step.agency, targets):
        raise PermissionDenied(
            f"Only the person paged or a member of {step.agency} can acknowledge for it."
        )
    await crisis_flow.apply_for_command(ctx, event, [acknowledge(step, pages, ctx.sender, ctx.now)])
    return Reply(
        f"Acknowledged {event.id} for {step.agency}. Huddle thread: "
        f"{crisis_flow.thread_link(event)}"
    )
