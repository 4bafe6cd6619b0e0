"""Runs the escalation core for one event and turns its effects into rows and messages.

Used by the commands that change an event (!activate, !ack, !unavailable, !cancel) and by
the bot's timers, always inside the caller's transaction: effects, timeline entries and
outgoing messages are committed together or not at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.content import person, pills_in
from commands.kernel.framework import CommandContext, Reply
from commands.kernel.render import B, Inline, doc, para
from commands.paging.messages import (
    late_note,
    page_link_edit,
    page_message,
    page_over,
    paged_notice,
    paged_text,
    thread_notice,
)
from protocols.durations import format_duration
from protocols.ids import UserId
from protocols.outbox import OutgoingMessage
from protocols.paging.answers import apply, cancel
from protocols.paging.crisis import CrisisEvent, EventState
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
    StepUnreachable,
    advance,
    next_wakeup,
)
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import checkins, crisis, timeline


async def end_event(
    session: AsyncSession,
    event: CrisisEvent,
    now: datetime,
    state: EventState,
    reason: str | None,
    outcome: str | None = None,
    *,
    outgoing: list[OutgoingMessage],
) -> tuple[CrisisEvent, list[StepCancelled]]:
    """Close or cancel `event`: every pending page and check-in stops, and each contact still
    paged is told. Returns the ended event and the steps that were still paging or waiting;
    the notices to the paged contacts are added to `outgoing`."""
    steps, pages = await crisis.steps_and_pages(session, event.id)
    stopped = cancel(steps, pages, now)
    await crisis.end_event(session, event.id, state, now, reason, outcome)
    ended = dataclasses.replace(
        event, state=state, ended_at=now, end_reason=reason, outcome=outcome
    )
    told, _ = await run(session, ended, now, stopped)
    outgoing += told
    await checkins.cancel_pending(session, event.id)
    return ended, stopped


async def root_sent(
    session: AsyncSession, event_id: str, root_event_id: str
) -> list[OutgoingMessage]:
    """The activation notice (the huddle thread's root) was sent as `root_event_id`: record
    it, in the transaction that marks it sent, and return the thread's first notices."""
    event = await crisis.get_event(session, event_id)
    if event is None or event.root_event_id is not None:
        return []
    await crisis.set_root(session, event_id, root_event_id)
    event = await crisis.get_event(session, event_id)
    assert event is not None
    return await thread_opened(session, event)


async def thread_opened(session: AsyncSession, event: CrisisEvent) -> list[OutgoingMessage]:
    """The huddle thread's root was just sent: announce the pages issued before it and link
    the ones already delivered (the others are linked when their delivery is recorded)."""
    steps, _ = await crisis.steps_and_pages(session, event.id)
    by_index = {s.index: s for s in steps}
    messages: list[OutgoingMessage] = []
    for page in await crisis.unannounced_pages(session, event.id):
        step = by_index[page.step_index]
        messages.append(
            paged_notice(event, step, page.target, page.label, page.attempt, None, timedelta(0))
        )
        await crisis.mark_announced(session, page.id)
    for page in await crisis.unlinked_delivered_pages(session, event.id):
        messages.append(page_link_edit(event, by_index[page.step_index].agency, page))
        await crisis.mark_linked(session, page.id)
    return messages


async def page_delivered(
    session: AsyncSession, page_id: int, page_event_id: str, dm_room_id: str
) -> list[OutgoingMessage]:
    """Record where a page went; if the thread exists by now but the page predates it,
    return the edit that adds the thread's link."""
    await crisis.record_page_delivery(session, page_id, page_event_id, dm_room_id)
    found = await crisis.get_page(session, page_id)
    if found is None:
        return []
    event_id, page = found
    event = await crisis.get_event(session, event_id)
    if event is None or event.root_event_id is None:
        return []
    unlinked = {p.id for p in await crisis.unlinked_delivered_pages(session, event_id)}
    if page.id not in unlinked:
        return []
    steps, _ = await crisis.steps_and_pages(session, event_id)
    await crisis.mark_linked(session, page.id)
    return [page_link_edit(event, steps[page.step_index].agency, page)]


async def run(
    session: AsyncSession,
    event: CrisisEvent,
    now: datetime,
    given: Sequence[Effect] = (),
    *,
    planned: list[Step] | None = None,
) -> tuple[list[OutgoingMessage], datetime | None]:
    """Apply `given` effects (an ack, a decline, a cancel), then whatever the core says is
    due at `now`. Returns the messages to send and when to run again (None: nothing pending).
    `planned` is a new event's steps, not stored yet."""
    pages: list[Page]
    if planned is not None:
        steps, pages = planned, []
    else:
        steps, pages = await crisis.steps_and_pages(session, event.id)
    effects: list[Effect] = list(given)
    steps, pages = apply(steps, pages, effects)
    if event.state is EventState.ACTIVE:
        # Paging does not wait for the huddle thread: a page issued before its root exists
        # is announced and linked to it by `thread_opened`.
        due = advance(steps, pages, now, event.snapshot)
        steps, pages = apply(steps, pages, due)
        effects += due
    ids = await crisis.save_state(
        session, event.id, steps, pages, thread_known=event.root_event_id is not None
    )
    messages = await _record(session, event, effects, steps, pages, ids)
    return messages, next_wakeup(steps, pages)


async def _record(
    session: AsyncSession,
    event: CrisisEvent,
    effects: list[Effect],
    steps: list[Step],
    pages: list[Page],
    ids: dict[int, int],
) -> list[OutgoingMessage]:
    """Each effect as timeline entries and messages; `ids` maps new pages' temporary ids to
    their rows."""
    by_index = {s.index: s for s in steps}
    by_id = {p.id: p for p in pages}
    name = event.snapshot.name_of
    messages: list[OutgoingMessage] = []
    new_pages = iter(sorted((p for p in pages if p.id < 0), key=lambda p: -p.id))
    for e in effects:
        if isinstance(e, IssuePage):
            page = next(new_pages)
            # A miss is reported by the notice of the page that follows it.
            messages += await _issued(session, event, by_index[e.step_index], e, ids[page.id])
        elif isinstance(e, PageMissed):
            step = by_index[e.step_index]
            target = by_id[e.page_id].target
            text = (
                f"{step.agency}: {name(target)} did not acknowledge within "
                f"{format_duration(step.ack_window)}"
            )
            await _entry(session, event, e.at, EntryKind.MISSED, text, step.agency, target)
        elif isinstance(e, StepUnreachable):
            messages.append(await _unreachable(session, event, by_index[e.step_index], e, pages))
        elif isinstance(e, StepAcknowledged):
            step = by_index[e.step_index]
            messages.append(await _acknowledged(session, event, step, e))
            waiting = by_id.get(e.pending_page_id) if e.pending_page_id is not None else None
            if waiting is not None and waiting.target != e.by:
                why = f"{name(e.by)} acknowledged for {step.agency}"
                messages.append(page_over(event, step.agency, waiting, why))
        elif isinstance(e, PageDeclined):
            agency = by_index[e.step_index].agency
            text = f"{agency}: {name(e.by)} is unavailable"
            await _entry(session, event, e.at, EntryKind.UNAVAILABLE, text, agency, e.by)
        elif isinstance(e, StepCancelled) and e.pending_page_id is not None:
            # The cancel or close command writes one timeline entry for the whole event.
            waiting = by_id[e.pending_page_id]
            agency = by_index[e.step_index].agency
            messages.append(page_over(event, agency, waiting, f"the event was {event.state.value}"))
        # StepReleased, StepExpedited: implied by the pages that follow.
    return messages


async def _entry(
    session: AsyncSession,
    event: CrisisEvent,
    at: datetime,
    kind: EntryKind,
    text: str,
    agency: str | None = None,
    actor: str | None = None,
) -> None:
    await timeline.append(session, TimelineEntry(event.id, at, kind, text, agency, actor))


async def _issued(
    session: AsyncSession, event: CrisisEvent, step: Step, e: IssuePage, page_id: int
) -> list[OutgoingMessage]:
    target = e.target.user_id
    text = paged_text(event, step, target, e.target.label, e.attempt, e.because, e.late_by)
    await _entry(session, event, e.issued_at, EntryKind.PAGED, text, step.agency, target)
    page = Page(
        page_id,
        step.index,
        e.attempt,
        target,
        e.target.label,
        e.issued_at,
        e.deadline,
        PageState.PENDING,
    )
    messages = [page_message(event, step, page)]
    if event.root_event_id is not None:
        messages.append(
            paged_notice(event, step, target, e.target.label, e.attempt, e.because, e.late_by)
        )
    return messages


async def _unreachable(
    session: AsyncSession, event: CrisisEvent, step: Step, e: StepUnreachable, pages: list[Page]
) -> OutgoingMessage:
    names = event.snapshot.names
    tried = [event.snapshot.name_of(p.target) for p in pages if p.step_index == step.index]
    coordinators = list(event.snapshot.coordinators)
    who = ", ".join(tried) or "nobody"
    parts: list[Inline] = [
        B(f"{step.agency} could not be reached"),
        f": no acknowledgement from {who}{late_note(e.late_by)}. Coordinators, please "
        "follow up by phone: ",
    ]
    for n, user in enumerate(coordinators):
        parts += [", ", person(names, user)] if n else [person(names, user)]
    reply = doc(para(*parts), mentions=[UserId(u) for u in coordinators])
    await _entry(session, event, e.at, EntryKind.UNREACHABLE, reply.text, step.agency)
    return thread_notice(event, f"unreachable-s{step.index}", reply)


async def _acknowledged(
    session: AsyncSession, event: CrisisEvent, step: Step, e: StepAcknowledged
) -> OutgoingMessage:
    by = person(event.snapshot.names, e.by)
    name = by.label or e.by
    if e.response_time is None:
        text = f"{step.agency} acknowledged by {name} (before being paged)"
    else:
        text = f"{step.agency} acknowledged in {format_duration(e.response_time)} by {name}"
    if e.was_unreachable:
        text += " (after it was reported unreachable)"
    await _entry(session, event, e.at, EntryKind.ACKNOWLEDGED, text, step.agency, e.by)
    return thread_notice(event, f"ack-s{step.index}", Reply(text, pills_in(text, [by])))


async def apply_for_command(
    ctx: CommandContext, event: CrisisEvent, effects: Sequence[Effect]
) -> None:
    """A command's change to an event (an ack, a decline): run the core with it, queue what
    follows in the command's transaction, re-arm the event's timer, audit the event id."""
    messages, _ = await run(ctx.session, event, ctx.now, effects)
    ctx.outgoing += messages
    ctx.touched_events.add(event.id)
    ctx.audit_ref = event.id
