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

from protocols.crisis import CrisisEvent, EventState
from protocols.durations import format_duration
from protocols.escalation import (
    LATE_TOLERANCE,
    Effect,
    IssuePage,
    Page,
    PageDeclined,
    PageMissed,
    Step,
    StepAcknowledged,
    StepCancelled,
    StepReleased,
    StepUnreachable,
    advance,
    apply,
    next_wakeup,
)
from protocols.ids import EventId, UserId
from protocols.outbox import OutgoingMessage
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import crisis, timeline

from .content import in_thread, notice, pill
from .framework import Reply, esc


def replace_state(event: CrisisEvent, state: EventState) -> CrisisEvent:
    return dataclasses.replace(event, state=state)


def thread_link(event: CrisisEvent) -> str:
    server = event.room_id.split(":", 1)[-1]
    target = f"{event.room_id}/{event.root_event_id}" if event.root_event_id else event.room_id
    return f"https://matrix.to/#/{target}?via={server}"


def thread_notice(event: CrisisEvent, key: str, reply: Reply) -> OutgoingMessage:
    """A notice in the event's huddle thread. `key` names what it reports, so that the same
    fact is never posted twice (it becomes the transaction id)."""
    assert event.root_event_id is not None
    return OutgoingMessage(
        txn_id=f"notice-{event.id}-{key}",
        room_id=event.room_id,
        event_type="m.room.message",
        content=in_thread(notice(reply), EventId(event.root_event_id)),
    )


def _late(late_by: timedelta) -> str:
    if late_by <= LATE_TOLERANCE:
        return ""
    return f" (late by {format_duration(late_by)}: MACT was not running or was delayed)"


def _local(event: CrisisEvent, agency: str, at: datetime) -> str:
    tz = event.snapshot.agency(agency).timezone or event.snapshot.timezone
    return f"{at.astimezone(ZoneInfo(tz)):%H:%M} {tz}"


def page_message(event: CrisisEvent, step: Step, issue: IssuePage, page_id: int) -> OutgoingMessage:
    """The page itself: who, which event, by when, how to answer. Nothing about the case:
    no case reference, no note."""
    proto = event.protocol
    window = format_duration(issue.deadline - issue.issued_at)
    deadline = _local(event, step.agency, issue.deadline)
    link = thread_link(event)
    target = issue.target.user_id
    text = (
        f"MACT page for {target}: crisis coordination event {event.id}\n"
        f"Protocol: {proto.id} v{proto.version} ({proto.title}). "
        f"Lead agency: {event.lead_agency}.\n"
        f"You are paged as the {issue.target.label} for {step.agency}.\n"
        f"Acknowledge by {deadline} (within {window}): reply !ack here or react ✅ to this "
        f"message. If you cannot take it, reply !unavailable.\n"
        f"Huddle thread: {link}"
    )
    html = (
        f"<p><b>MACT page</b> for {pill(target)}: crisis coordination event "
        f"<b>{esc(event.id)}</b></p>"
        f"<p>Protocol: <code>{esc(proto.id)}</code> v{proto.version} ({esc(proto.title)}). "
        f"Lead agency: <b>{esc(event.lead_agency)}</b>.<br>"
        f"You are paged as the {esc(issue.target.label)} for <b>{esc(step.agency)}</b>.</p>"
        f"<p>Acknowledge by <b>{esc(deadline)}</b> (within {esc(window)}): reply "
        f"<code>!ack</code> here or react ✅ to this message. If you cannot take it, reply "
        f"<code>!unavailable</code>.</p>"
        f'<p><a href="{esc(link)}">Huddle thread</a></p>'
    )
    return OutgoingMessage(
        txn_id=f"page-{event.id}-s{step.index}-a{issue.attempt}",
        room_id=None,
        to_user=target,
        event_type="m.room.message",
        content=notice(Reply(text, html, (target,))),
        ref=f"page:{page_id}",
    )


async def run(
    session: AsyncSession,
    event: CrisisEvent,
    now: datetime,
    given: Sequence[Effect] = (),
) -> tuple[list[OutgoingMessage], datetime | None]:
    """Apply `given` effects (an ack, a decline, a cancel), then whatever the core says is
    due at `now`. Returns the messages to send and when to run again (None: nothing pending)."""
    steps, pages = await crisis.steps_and_pages(session, event.id)
    effects: list[Effect] = list(given)
    steps, pages = apply(steps, pages, effects)
    if event.state is EventState.ACTIVE and event.root_event_id is not None:
        due = advance(steps, pages, now, event.snapshot)
        steps, pages = apply(steps, pages, due)
        effects += due
    ids = await crisis.save_state(session, event.id, steps, pages)
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
        elif isinstance(e, StepCancelled | StepReleased):
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


async def _issued(
    session: AsyncSession, event: CrisisEvent, step: Step, e: IssuePage, page_id: int
) -> list[OutgoingMessage]:
    target = e.target.user_id
    if e.attempt == 1:
        text = f"{step.agency} paged: {e.target.label} {target}{_late(e.late_by)}"
    elif e.because == "unavailable":
        text = f"{step.agency} paged {e.target.label} {target}: the previous contact is unavailable"
    else:
        window = format_duration(step.ack_window)
        text = (
            f"{step.agency} paged {e.target.label} {target} after {window} without ack"
            f"{_late(e.late_by)}"
        )
    await _entry(session, event, e.issued_at, EntryKind.PAGED, text, step.agency, target)
    html = esc(text).replace(esc(target), pill(target))
    return [
        page_message(event, step, e, page_id),
        thread_notice(event, f"paged-s{step.index}-a{e.attempt}", Reply(text, html)),
    ]


async def _unreachable(
    session: AsyncSession, event: CrisisEvent, step: Step, e: StepUnreachable, pages: list[Page]
) -> OutgoingMessage:
    tried = [p.target for p in pages if p.step_index == step.index]
    coordinators = list(event.snapshot.coordinators)
    who = ", ".join(tried) or "nobody"
    text = (
        f"{step.agency} could not be reached: no acknowledgement from {who}"
        f"{_late(e.late_by)}. Coordinators, please follow up by phone: " + ", ".join(coordinators)
    )
    html = (
        f"<b>{esc(step.agency)} could not be reached</b>: no acknowledgement from "
        f"{esc(who)}{esc(_late(e.late_by))}. Coordinators, please follow up by phone: "
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
    return thread_notice(
        event, f"ack-s{step.index}", Reply(text, esc(text).replace(esc(e.by), pill(e.by)))
    )
