"""Which page or notification step a command's sender is answering."""

from __future__ import annotations

from commands.kernel.framework import CommandContext
from protocols.errors import PermissionDenied, UserError
from protocols.paging.crisis import CrisisEvent, parse_event_id
from protocols.paging.escalation import Page, Step, StepState
from storage.repositories import crisis


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
