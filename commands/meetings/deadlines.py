"""A meeting series' deadlines, keyed by the series (M-n): each occurrence's agenda (and the
note-taker told), the minutes-late reminders (the note-taker, then the chair), the minutes'
approval, and the reminders of action items from the minutes. Each step is a row update
and its messages, in one transaction: a restart neither loses nor repeats one."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.kernel.content import notice
from commands.kernel.render import B, doc, para
from commands.meetings.agenda_facts import agenda_facts
from commands.meetings.item_reminders import item_reminders, next_item_reminder
from commands.meetings.messages import in_meeting_thread, sections_reply
from commands.meetings.schedule import materialize
from commands.paging.messages import late_note
from protocols.durations import format_duration
from protocols.ids import UserId
from protocols.meetings.agenda import agenda
from protocols.meetings.minutes import EntryKind, attendance
from protocols.meetings.rotation import next_note_taker
from protocols.meetings.series import (
    MinutesState,
    Occurrence,
    OccurrenceState,
    Series,
    parse_series_id,
)
from protocols.outbox import OutgoingMessage
from storage.repositories import contact_log, meetings

_BELOW = 5  # agendas suppress referral counts as the reports do by default


async def wakeups(session: AsyncSession) -> dict[str, datetime]:
    found = {}
    for series in await meetings.active_series(session):
        occs = await meetings.occurrences_of(session, series.id)
        wake = await _next_wake(session, series, occs)
        if wake is not None:
            found[series.label] = wake
    return found


async def run(session: AsyncSession, key: str, now: datetime) -> Due:
    series = await meetings.get_series(session, parse_series_id(key))
    if series is None or series.cancelled_at is not None:
        return [], None
    await materialize(session, series, now)
    occs = await meetings.occurrences_of(session, series.id)
    messages: list[OutgoingMessage] = []
    for occ in occs:
        if occ.state is OccurrenceState.SCHEDULED:
            messages += await _step(session, series, occ, occs, now)
    messages += await item_reminders(session, series, occs, now)
    occs = await meetings.occurrences_of(session, series.id)
    return messages, await _next_wake(session, series, occs)


async def _step(session: AsyncSession, series: Series, occ: Occurrence, occs: list[Occurrence],
                now: datetime) -> list[OutgoingMessage]:  # fmt: skip
    settings = series.snapshot.meetings
    if occ.agenda_posted_at is None and occ.agenda_at <= now:
        return await _post_agenda(session, series, occ, occs, now)
    out: list[OutgoingMessage] = []
    waiting = occ.minutes in (MinutesState.NONE, MinutesState.TAKING)
    if waiting and occ.minutes_due is not None and occ.late_rung < 2:
        rung = 2 if now >= occ.minutes_due + settings.minutes_escalate_after else (
            1 if now >= occ.minutes_due else 0)  # fmt: skip
        if rung > occ.late_rung:
            out += _late(series, occ, rung)
            await meetings.put_occurrence(session, dataclasses.replace(occ, late_rung=rung))
    if occ.minutes is MinutesState.CIRCULATED and occ.approval_due and now >= occ.approval_due:
        out.append(await _approve(session, series, occ))
    return out


async def _post_agenda(session: AsyncSession, series: Series, occ: Occurrence,
                       occs: list[Occurrence], now: datetime) -> list[OutgoingMessage]:  # fmt: skip
    snap = series.snapshot
    taker = await _note_taker(session, series, occ, occs)
    facts, topic_ids, problem_ids = await agenda_facts(session, series, occ, occs, taker, now,
                                                       _BELOW)  # fmt: skip
    head, sections = agenda(facts)
    # Posted late (MACT was down when it fell due): it says so, and is still the thread.
    head += late_note(now - occ.agenda_at)
    within = snap.meetings.minutes_within
    posted = dataclasses.replace(occ, agenda_posted_at=now, note_taker=taker,
                                 minutes_due=occ.starts_at + within)  # fmt: skip
    await meetings.put_occurrence(session, posted)
    await meetings.use_topics(session, topic_ids, occ.key)
    await contact_log.take_up(session, problem_ids, now)
    mentions = tuple(UserId(u) for u in (series.chair,) if u)
    out = [OutgoingMessage(f"agenda-{occ.key}", series.room_id, "m.room.message",
                           notice(sections_reply(head, sections, mentions)),
                           ref=f"agenda:{occ.key}")]  # fmt: skip
    contact = snap.contacts.get(taker or "")
    if contact:
        text = (f"{taker} takes the minutes of {series.title} ({occ.key}); they are due "
                f"within {format_duration(within)} of its start. In its thread: "
                "!minutes start, then !minutes end.")  # fmt: skip
        out.append(_dm(f"notetaker-{occ.key}", contact, text))
    return out


async def _note_taker(session: AsyncSession, series: Series, occ: Occurrence,
                      occs: list[Occurrence]) -> str | None:  # fmt: skip
    turns_list = await meetings.note_taker_turns(session, series.id)
    turns = {a: turns_list.count(a) for a in set(turns_list)}
    last = {a: i for i, a in enumerate(turns_list)}
    earlier = [o for o in occs if o.starts_at < occ.starts_at and o.agenda_posted_at]
    attending = list(series.snapshot.agencies)
    if earlier:
        present, _ = attendance(await meetings.entries(session, earlier[-1].key), attending)
        attending = present or attending
    return next_note_taker(attending, turns, last, series.note_taker)


def _late(series: Series, occ: Occurrence, rung: int) -> list[OutgoingMessage]:
    snap = series.snapshot
    who = snap.contacts.get(occ.note_taker or "") if rung == 1 else series.chair
    if not who:
        return []
    text = f"The minutes of {series.title} ({occ.key}) are not circulated yet" + (
        "." if rung == 1 else f"; {occ.note_taker or 'the note-taker'} was reminded."
    )
    return [_dm(f"minutes-late{rung}-{occ.key}", who, text)]


async def _approve(session: AsyncSession, series: Series, occ: Occurrence) -> OutgoingMessage:
    await meetings.put_occurrence(session, dataclasses.replace(occ, minutes=MinutesState.APPROVED))
    confirmed = sorted({e.agency for e in await meetings.entries(session, occ.key)
                        if e.kind is EntryKind.CONFIRMED and e.agency})  # fmt: skip
    said = ", ".join(confirmed) or "no agency"
    text = f"The minutes of {occ.key} are approved: confirmed by {said}, no objection."
    return in_meeting_thread(f"approved-{occ.key}", series.room_id, occ.root_event_id,
                             doc(para(B(text))))  # fmt: skip


def _dm(txn: str, user: str, text: str) -> OutgoingMessage:
    return OutgoingMessage(f"{txn}-{user}", None, "m.room.message",
                           notice(doc(para(text))), to_user=user)  # fmt: skip


async def _next_wake(session: AsyncSession, series: Series,
                     occs: list[Occurrence]) -> datetime | None:  # fmt: skip
    escalate = series.snapshot.meetings.minutes_escalate_after
    times = []
    for o in occs:
        if o.state is not OccurrenceState.SCHEDULED:
            continue
        if o.agenda_posted_at is None:
            times.append(o.agenda_at)
        elif o.minutes in (MinutesState.NONE, MinutesState.TAKING) and o.minutes_due:
            times += [o.minutes_due] if o.late_rung < 1 else (
                [o.minutes_due + escalate] if o.late_rung < 2 else [])  # fmt: skip
        elif o.minutes is MinutesState.CIRCULATED and o.approval_due:
            times.append(o.approval_due)
    item = await next_item_reminder(session, series, occs)
    if item is not None:
        times.append(item)
    return min(times) if times else None


SOURCE = DeadlineSource("meetings", "M-", wakeups, run)
