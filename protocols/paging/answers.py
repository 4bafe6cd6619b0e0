"""What people and commands do to a running sequence (acknowledge, decline, expedite,
cancel), as effects, and folding any effects into the steps and pages."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta

from protocols.errors import UserError
from protocols.ids import UserId
from protocols.paging.escalation import (
    Effect,
    IssuePage,
    Page,
    PageDeclined,
    PageMissed,
    PageState,
    Step,
    StepAcknowledged,
    StepCancelled,
    StepExpedited,
    StepReleased,
    StepState,
    StepUnreachable,
    page_of,
)


def acknowledge(step: Step, pages: list[Page], by: UserId, now: datetime) -> StepAcknowledged:
    """Raises UserError if the step cannot be acknowledged (already, or cancelled)."""
    if step.state is StepState.ACKNOWLEDGED:
        raise UserError(f"{step.agency} has already acknowledged (by {step.acked_by}).")
    if step.state is StepState.CANCELLED:
        raise UserError(f"Paging {step.agency} was cancelled; nothing to acknowledge.")
    mine = sorted((p for p in pages if p.step_index == step.index), key=lambda p: p.attempt)
    first = mine[0].issued_at if mine else None
    pending = next((p.id for p in mine if p.state is PageState.PENDING), None)
    return StepAcknowledged(
        step.index,
        by,
        now,
        now - first if first else None,
        pending,
        step.state is StepState.UNREACHABLE,
    )


def decline(page: Page, by: UserId, now: datetime) -> PageDeclined:
    if page.target != by:
        raise UserError("Only the person paged can say they are unavailable for this page.")
    if page.state is not PageState.PENDING:
        raise UserError("That page is no longer waiting for an answer.")
    return PageDeclined(page.id, page.step_index, by, now)


def expedite(steps: list[Step], agency: str, now: datetime) -> list[StepExpedited]:
    """Page `agency` now if it is still waiting for its turn (it was made the lead)."""
    return [
        StepExpedited(s.index, now)
        for s in steps
        if s.agency == agency and s.state is StepState.WAITING
    ]


def cancel(steps: list[Step], pages: list[Page], now: datetime) -> list[StepCancelled]:
    out: list[StepCancelled] = []
    for step in steps:
        if step.state in (StepState.WAITING, StepState.PAGING):
            pending = next(
                (
                    p.id
                    for p in pages
                    if p.step_index == step.index and p.state is PageState.PENDING
                ),
                None,
            )
            out.append(StepCancelled(step.index, now, pending))
    return out


def apply(
    steps: list[Step], pages: list[Page], effects: list[Effect]
) -> tuple[list[Step], list[Page]]:
    """The state after `effects`. New pages get negative ids until storage assigns real ones."""
    by_index = {s.index: s for s in steps}
    by_id = {p.id: p for p in pages}
    next_new_id = min([0, *by_id]) - 1
    for e in effects:
        if isinstance(e, StepReleased):
            by_index[e.step_index] = replace(by_index[e.step_index], released_at=e.at)
        elif isinstance(e, IssuePage):
            page = replace(page_of(e), id=next_new_id)
            next_new_id -= 1
            by_id[page.id] = page
            by_index[e.step_index] = replace(by_index[e.step_index], state=StepState.PAGING)
        elif isinstance(e, PageMissed):
            by_id[e.page_id] = replace(by_id[e.page_id], state=PageState.MISSED, resolved_at=e.at)
        elif isinstance(e, PageDeclined):
            by_id[e.page_id] = replace(by_id[e.page_id], state=PageState.DECLINED, resolved_at=e.at)
        elif isinstance(e, StepUnreachable):
            by_index[e.step_index] = replace(
                by_index[e.step_index], state=StepState.UNREACHABLE, resolved_at=e.at
            )
        elif isinstance(e, StepAcknowledged):
            step = by_index[e.step_index]
            by_index[e.step_index] = replace(
                step,
                state=StepState.ACKNOWLEDGED,
                acked_by=e.by,
                # A late ack after "unreachable" keeps the time the sequence moved on.
                resolved_at=step.resolved_at if e.was_unreachable else e.at,
            )
            if e.pending_page_id is not None:
                page = by_id[e.pending_page_id]
                state = PageState.ACKED if page.target == e.by else PageState.SUPERSEDED
                by_id[page.id] = replace(page, state=state, resolved_at=e.at)
        elif isinstance(e, StepExpedited):
            by_index[e.step_index] = replace(
                by_index[e.step_index], released_at=e.at, offset=timedelta(0)
            )
        elif isinstance(e, StepCancelled):
            by_index[e.step_index] = replace(
                by_index[e.step_index], state=StepState.CANCELLED, resolved_at=e.at
            )
            if e.pending_page_id is not None:
                by_id[e.pending_page_id] = replace(
                    by_id[e.pending_page_id], state=PageState.CANCELLED, resolved_at=e.at
                )
    return [by_index[i] for i in sorted(by_index)], sorted(
        by_id.values(), key=lambda p: (p.step_index, p.attempt)
    )
