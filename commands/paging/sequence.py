"""Runs the escalation core for one event and turns its effects into rows and messages.

Used by the commands that change an event (!activate, !ack, !unavailable, !cancel) and by
the bot's timers, always inside the caller's transaction: effects, timeline entries and
outgoing messages are committed together or not at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.content import in_thread, notice, pill, pills_in
from commands.kernel.framework import CommandContext, Reply, esc
from protocols.durations import format_duration
from protocols.ids import EventId, UserId
from protocols.outbox import OutgoingMessage
from protocols.paging.crisis import CrisisEvent, EventState
from protocols.paging.escalation import (
    LATE_TOLERANCE,
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
    StepUnreachable,
    advance,
    apply,
    cancel,
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
) -> tuple[CrisisEvent, list[StepCancelled]]:
    """Close or cancel `event`: every pending page and check-in stops. Returns the ended
    event and the steps that were still paging or waiting."""
    steps, pages = await crisis.steps_and_pages(session, event.id)
    stopped = cancel(steps, pages, now)
    await crisis.end_event(session, event.id, state, now, reason, outcome)
    ended = dataclasses.replace(
        event, state=state, ended_at=now, end_reason=reason, outcome=outcome
    )
    await run(session, ended, now, stopped)
    await checkins.cancel_pending(session, event.id)
    return ended, stopped


def root_txn_id(event_id: str) -> str:
    """The activation notice's transaction id: the huddle thread's root."""
    return f"root-{event_id}"


def thread_link(event: CrisisEvent) -> str:
    server = event.room_id.split(":", 1)[-1]
    target = f"{event.room_id}/{event.root_event_id}" if event.root_event_id else event.room_id
    return f"https://matrix.to/#/{target}?via={server}"


def thread_notice(event: CrisisEvent, key: str, reply: Reply) -> OutgoingMessage:
    """A notice in the event's huddle thread. `key` names what it reports, so that the same
    fact is never posted twice (it becomes the transaction id). Should the thread's root not
    exist yet (its send failing), the notice goes to the room itself rather than nowhere."""
    content = notice(reply)
    if event.root_event_id is not None:
        content = in_thread(content, EventId(event.root_event_id))
    return OutgoingMessage(
        txn_id=f"notice-{event.id}-{key}",
        room_id=event.room_id,
        event_type="m.room.message",
        content=content,
    )


def echo_to_thread(ctx: CommandContext, event: CrisisEvent, key: str, reply: Reply) -> None:
    """A change made outside the event's huddle thread (in the room, another thread, a DM)
    is posted in the thread too, so the huddle sees every change. `key` as thread_notice."""
    if event.root_event_id and ctx.thread_root != event.root_event_id:
        ctx.outgoing.append(thread_notice(event, key, reply))


def late_note(late_by: timedelta) -> str:
    """' (late by 2m05s: …)' when a deadline was handled late, else ''."""
    if late_by <= LATE_TOLERANCE:
        return ""
    return (
        f" (late by {format_duration(late_by)}: MACT was not running, was delayed, or the "
        "homeserver was unreachable)"
    )


def _local(event: CrisisEvent, agency: str, at: datetime) -> str:
    tz = event.snapshot.agency(agency).timezone or event.snapshot.timezone
    return f"{at.astimezone(ZoneInfo(tz)):%H:%M} {tz}"


def _page_reply(event: CrisisEvent, agency: str, page: Page) -> Reply:
    """The page's text: who, which event, by when, how to answer, where the huddle is.
    Nothing about the case: no case reference, no note."""
    proto = event.protocol
    window = format_duration(page.deadline - page.issued_at)
    deadline = _local(event, agency, page.deadline)
    target = page.target
    if event.root_event_id:
        link = thread_link(event)
        where = f"Huddle thread: {link}"
        where_html = f'<a href="{esc(link)}">Huddle thread</a>'
    else:
        # Sent alongside the activation notice; an edit adds the thread's own link.
        link = thread_link(event)
        where = f"Huddle: the thread on the {event.id} activation notice in {link}"
        where_html = (
            f"Huddle: the thread on the {esc(event.id)} activation notice in "
            f'<a href="{esc(link)}">the coordination room</a>'
        )
    text = (
        f"MACT page for {target}: crisis coordination event {event.id}\n"
        f"Protocol: {proto.id} v{proto.version} ({proto.title}). "
        f"Lead agency: {event.lead_agency}.\n"
        f"You are paged as the {page.label} for {agency}.\n"
        f"Acknowledge by {deadline} (within {window}): reply !ack here or react ✅ to this "
        f"message. If you cannot take it, reply !unavailable.\n"
        f"{where}"
    )
    html = (
        f"<p><b>MACT page</b> for {pill(target)}: crisis coordination event "
        f"<b>{esc(event.id)}</b></p>"
        f"<p>Protocol: <code>{esc(proto.id)}</code> v{proto.version} ({esc(proto.title)}). "
        f"Lead agency: <b>{esc(event.lead_agency)}</b>.<br>"
        f"You are paged as the {esc(page.label)} for <b>{esc(agency)}</b>.</p>"
        f"<p>Acknowledge by <b>{esc(deadline)}</b> (within {esc(window)}): reply "
        f"<code>!ack</code> here or react ✅ to this message. If you cannot take it, reply "
        f"<code>!unavailable</code>.</p>"
        f"<p>{where_html}</p>"
    )
    return Reply(text, html, (target,))


def page_message(event: CrisisEvent, step: Step, page: Page) -> OutgoingMessage:
    return OutgoingMessage(
        txn_id=f"page-{event.id}-s{step.index}-a{page.attempt}",
        room_id=None,
        to_user=page.target,
        event_type="m.room.message",
        content=notice(_page_reply(event, step.agency, page)),
        ref=f"page:{page.id}",
    )


def page_link_edit(event: CrisisEvent, agency: str, page: Page) -> OutgoingMessage:
    """An edit (m.replace) of a delivered page that adds the huddle thread's link."""
    assert page.page_event_id is not None and page.dm_room_id is not None
    new = notice(_page_reply(event, agency, page))
    # Nobody is mentioned again by the edit: the page already notified its target.
    new["m.mentions"] = {}
    content = {
        "msgtype": "m.notice",
        "body": "* " + new["body"],
        "format": new["format"],
        "formatted_body": "* " + new["formatted_body"],
        "m.new_content": new,
        "m.mentions": {},
        "m.relates_to": {"rel_type": "m.replace", "event_id": page.page_event_id},
    }
    return OutgoingMessage(
        txn_id=f"page-link-{event.id}-{page.id}",
        room_id=page.dm_room_id,
        event_type="m.room.message",
        content=content,
    )


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
            _paged_notice(event, step, page.target, page.label, page.attempt, None, timedelta(0))
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
    by_index = {s.index: s for s in steps}
    by_id = {p.id: p for p in pages}
    messages: list[OutgoingMessage] = []
    new_pages = iter(sorted((p for p in pages if p.id < 0), key=lambda p: -p.id))
    for e in effects:
        if isinstance(e, IssuePage):
            page = next(new_pages)
            # A miss is reported by the notice of the page that follows it.
            messages += await _issued(session, event, by_index[e.step_index], e, ids[page.id])
        elif isinstance(e, PageMissed):
            await _entry(
                session,
                event,
                e.at,
                EntryKind.MISSED,
                f"{by_index[e.step_index].agency}: {by_id[e.page_id].target} did not "
                f"acknowledge within {format_duration(by_index[e.step_index].ack_window)}",
                by_index[e.step_index].agency,
                by_id[e.page_id].target,
            )
        elif isinstance(e, StepUnreachable):
            messages.append(await _unreachable(session, event, by_index[e.step_index], e, pages))
        elif isinstance(e, StepAcknowledged):
            messages.append(await _acknowledged(session, event, by_index[e.step_index], e))
        elif isinstance(e, PageDeclined):
            await _entry(
                session,
                event,
                e.at,
                EntryKind.UNAVAILABLE,
                f"{by_index[e.step_index].agency}: {e.by} is unavailable",
                by_index[e.step_index].agency,
                e.by,
            )
        elif isinstance(e, StepCancelled | StepReleased | StepExpedited):
            pass  # the cancel command writes one entry for the whole event; releases are implied
    return messages, next_wakeup(steps, pages)


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


def _paged_notice(
    event: CrisisEvent,
    step: Step,
    target: str,
    label: str,
    attempt: int,
    because: str | None,
    late_by: timedelta,
) -> OutgoingMessage:
    text = _paged_text(step, target, label, attempt, because, late_by)
    return thread_notice(
        event, f"paged-s{step.index}-a{attempt}", Reply(text, pills_in(text, [target]))
    )


def _paged_text(
    step: Step, target: str, label: str, attempt: int, because: str | None, late_by: timedelta
) -> str:
    if attempt == 1:
        return f"{step.agency} paged: {label} {target}{late_note(late_by)}"
    if because == "unavailable":
        return f"{step.agency} paged {label} {target}: the previous contact is unavailable"
    window = format_duration(step.ack_window)
    return f"{step.agency} paged {label} {target} after {window} without ack{late_note(late_by)}"


async def _issued(
    session: AsyncSession, event: CrisisEvent, step: Step, e: IssuePage, page_id: int
) -> list[OutgoingMessage]:
    target = e.target.user_id
    text = _paged_text(step, target, e.target.label, e.attempt, e.because, e.late_by)
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
            _paged_notice(event, step, target, e.target.label, e.attempt, e.because, e.late_by)
        )
    return messages


async def _unreachable(
    session: AsyncSession, event: CrisisEvent, step: Step, e: StepUnreachable, pages: list[Page]
) -> OutgoingMessage:
    tried = [p.target for p in pages if p.step_index == step.index]
    coordinators = list(event.snapshot.coordinators)
    who = ", ".join(tried) or "nobody"
    text = (
        f"{step.agency} could not be reached: no acknowledgement from {who}"
        f"{late_note(e.late_by)}. Coordinators, please follow up by phone: "
        + ", ".join(coordinators)
    )
    html = (
        f"<b>{esc(step.agency)} could not be reached</b>: no acknowledgement from "
        f"{esc(who)}{esc(late_note(e.late_by))}. Coordinators, please follow up by phone: "
        + ", ".join(pill(u) for u in coordinators)
    )
    await _entry(session, event, e.at, EntryKind.UNREACHABLE, text, step.agency)
    return thread_notice(
        event,
        f"unreachable-s{step.index}",
        Reply(text, html, tuple(UserId(u) for u in coordinators)),
    )


async def _acknowledged(
    session: AsyncSession, event: CrisisEvent, step: Step, e: StepAcknowledged
) -> OutgoingMessage:
    if e.response_time is None:
        text = f"{step.agency} acknowledged by {e.by} (before being paged)"
    else:
        text = f"{step.agency} acknowledged in {format_duration(e.response_time)} by {e.by}"
    if e.was_unreachable:
        text += " (after it was reported unreachable)"
    await _entry(session, event, e.at, EntryKind.ACKNOWLEDGED, text, step.agency, e.by)
    return thread_notice(event, f"ack-s{step.index}", Reply(text, pills_in(text, [e.by])))


async def apply_for_command(
    ctx: CommandContext, event: CrisisEvent, effects: Sequence[Effect]
) -> None:
    """A command's change to an event (an ack, a decline): run the core with it, queue what
    follows in the command's transaction, re-arm the event's timer, audit the event id."""
    messages, _ = await run(ctx.session, event, ctx.now, effects)
    ctx.outgoing += messages
    ctx.touched_events.add(event.id)
    ctx.audit_ref = event.id
