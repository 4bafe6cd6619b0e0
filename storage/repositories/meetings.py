"""Meeting series, their occurrences, minutes entries and focus topics."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.meetings.minutes import Entry, EntryKind
from protocols.meetings.series import (
    MeetingKind,
    MinutesState,
    Occurrence,
    OccurrenceState,
    Series,
)
from protocols.meetings.snapshot import dump, load
from storage.meeting_models import (
    MeetingOccurrenceRow,
    MeetingSeriesRow,
    MeetingTopicRow,
    MinutesEntryRow,
)


async def add_series(session: AsyncSession, s: Series) -> Series:
    """`s` stored, with its id."""
    row = MeetingSeriesRow(
        kind=s.kind.value, title=s.title, start=s.start, timezone=str(s.start.tzinfo),
        rule=s.rule, until=s.until, chair=s.chair, room_id=s.room_id, note_taker=s.note_taker,
        created_by=s.created_by, created_at=s.created_at, snapshot=dump(s.snapshot),
    )  # fmt: skip
    session.add(row)
    await session.flush()
    return _series(row)


async def get_series(session: AsyncSession, series_id: int) -> Series | None:
    row = await session.get(MeetingSeriesRow, series_id)
    return _series(row) if row is not None else None


async def active_series(session: AsyncSession) -> list[Series]:
    rows = await session.scalars(
        select(MeetingSeriesRow).where(MeetingSeriesRow.cancelled_at.is_(None))
    )
    return [_series(r) for r in rows]


async def cancel_series(session: AsyncSession, series_id: int, at: datetime) -> None:
    row = await session.get(MeetingSeriesRow, series_id)
    if row is not None:
        row.cancelled_at = at


def _series(r: MeetingSeriesRow) -> Series:
    return Series(
        id=r.id, kind=MeetingKind(r.kind), title=r.title,
        start=r.start.astimezone(ZoneInfo(r.timezone)), rule=r.rule, until=r.until,
        chair=r.chair, room_id=r.room_id, note_taker=r.note_taker, created_by=r.created_by,
        created_at=r.created_at, snapshot=load(r.snapshot), cancelled_at=r.cancelled_at,
    )  # fmt: skip


async def put_occurrence(session: AsyncSession, o: Occurrence) -> None:
    row = await session.get(MeetingOccurrenceRow, o.key)
    if row is None:
        row = MeetingOccurrenceRow(key=o.key)
        session.add(row)
    for name in ("series_id", "starts_at", "agenda_at", "agenda_posted_at", "root_event_id",
                 "note_taker", "minutes_due", "late_rung", "minutes_posted_at",
                 "minutes_event_id", "approval_due"):  # fmt: skip
        setattr(row, name, getattr(o, name))
    row.state = o.state.value
    row.minutes = o.minutes.value
    await session.flush()


async def occurrence(session: AsyncSession, key: str) -> Occurrence | None:
    row = await session.get(MeetingOccurrenceRow, key)
    return _occurrence(row) if row is not None else None


async def occurrences_of(session: AsyncSession, series_id: int) -> list[Occurrence]:
    rows = await session.scalars(
        select(MeetingOccurrenceRow)
        .where(MeetingOccurrenceRow.series_id == series_id)
        .order_by(MeetingOccurrenceRow.starts_at)
    )
    return [_occurrence(r) for r in rows]


async def every_occurrence(session: AsyncSession) -> list[Occurrence]:
    rows = await session.scalars(
        select(MeetingOccurrenceRow).order_by(MeetingOccurrenceRow.starts_at)
    )
    return [_occurrence(r) for r in rows]


async def by_thread(session: AsyncSession, event_id: str) -> Occurrence | None:
    """The occurrence whose agenda (the thread root) or minutes message is `event_id`."""
    row = await session.scalar(
        select(MeetingOccurrenceRow).where(
            (MeetingOccurrenceRow.root_event_id == event_id)
            | (MeetingOccurrenceRow.minutes_event_id == event_id)
        )
    )
    return _occurrence(row) if row is not None else None


async def by_minutes(session: AsyncSession, event_id: str) -> Occurrence | None:
    row = await session.scalar(
        select(MeetingOccurrenceRow).where(MeetingOccurrenceRow.minutes_event_id == event_id)
    )
    return _occurrence(row) if row is not None else None


def _occurrence(r: MeetingOccurrenceRow) -> Occurrence:
    return Occurrence(
        key=r.key, series_id=r.series_id, starts_at=r.starts_at, agenda_at=r.agenda_at,
        state=OccurrenceState(r.state), agenda_posted_at=r.agenda_posted_at,
        root_event_id=r.root_event_id, note_taker=r.note_taker,
        minutes=MinutesState(r.minutes), minutes_due=r.minutes_due, late_rung=r.late_rung,
        minutes_posted_at=r.minutes_posted_at, minutes_event_id=r.minutes_event_id,
        approval_due=r.approval_due,
    )  # fmt: skip


async def add_entry(session: AsyncSession, e: Entry) -> None:
    session.add(MinutesEntryRow(occurrence=e.occurrence, at=e.at, kind=e.kind.value,
                                agency=e.agency, by=e.by, text=e.text))  # fmt: skip
    await session.flush()


async def entries(session: AsyncSession, key: str) -> list[Entry]:
    rows = await session.scalars(
        select(MinutesEntryRow)
        .where(MinutesEntryRow.occurrence == key)
        .order_by(MinutesEntryRow.id)
    )
    return [Entry(r.occurrence, r.at, EntryKind(r.kind), r.agency, r.by, r.text) for r in rows]


async def add_topic(session: AsyncSession, text: str, agency: str, by: str, at: datetime) -> int:
    row = MeetingTopicRow(text=text, agency=agency, by=by, at=at)
    session.add(row)
    await session.flush()
    return row.id


async def queued_topics(session: AsyncSession) -> list[tuple[int, str]]:
    rows = await session.scalars(
        select(MeetingTopicRow)
        .where(MeetingTopicRow.used_in.is_(None))
        .order_by(MeetingTopicRow.id)
    )
    return [(r.id, r.text) for r in rows]


async def use_topics(session: AsyncSession, ids: list[int], key: str) -> None:
    for topic_id in ids:
        row = await session.get(MeetingTopicRow, topic_id)
        if row is not None:
            row.used_in = key


async def note_taker_turns(session: AsyncSession, series_id: int) -> list[str]:
    """The note-taking agencies of the series' past occurrences, oldest first."""
    rows = await session.scalars(
        select(MeetingOccurrenceRow.note_taker)
        .where(MeetingOccurrenceRow.series_id == series_id,
               MeetingOccurrenceRow.note_taker.is_not(None),
               MeetingOccurrenceRow.agenda_posted_at.is_not(None))
        .order_by(MeetingOccurrenceRow.starts_at)
    )  # fmt: skip
    return [str(r) for r in rows]


async def count_series(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(MeetingSeriesRow)) or 0)
