"""Cross-training sessions, their RSVPs and feedback."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.meetings.snapshot import dump, load
from protocols.training.sessions import Feedback, Rsvp, Training, TrainingFormat
from storage.meeting_models import TrainingFeedbackRow, TrainingRow, TrainingRsvpRow

_FIELDS = ("starts_at", "ends_at", "topic", "host", "room_id", "created_by", "created_at",
           "announce_event_id", "reminded_at", "feedback_asked_at", "cancelled_at",
           "remind_at")  # fmt: skip


async def add(session: AsyncSession, t: Training) -> Training:
    row = TrainingRow(format=t.format.value, snapshot=dump(t.snapshot),
                      **{f: getattr(t, f) for f in _FIELDS})  # fmt: skip
    session.add(row)
    await session.flush()
    return _training(row)


async def save(session: AsyncSession, t: Training) -> None:
    row = await session.get(TrainingRow, t.id)
    assert row is not None
    for f in _FIELDS:
        setattr(row, f, getattr(t, f))
    row.format = t.format.value


async def get(session: AsyncSession, training_id: int) -> Training | None:
    row = await session.get(TrainingRow, training_id)
    return _training(row) if row is not None else None


async def by_announcement(session: AsyncSession, event_id: str) -> Training | None:
    row = await session.scalar(select(TrainingRow).where(TrainingRow.announce_event_id == event_id))
    return _training(row) if row is not None else None


async def every(session: AsyncSession) -> list[Training]:
    rows = await session.scalars(select(TrainingRow).order_by(TrainingRow.starts_at))
    return [_training(r) for r in rows]


def _training(r: TrainingRow) -> Training:
    return Training(id=r.id, format=TrainingFormat(r.format), snapshot=load(r.snapshot),
                    **{f: getattr(r, f) for f in _FIELDS})  # fmt: skip


async def rsvp(session: AsyncSession, training_id: int, agency: str, answer: Rsvp, by: str,
               at: datetime) -> None:  # fmt: skip
    row = await session.get(TrainingRsvpRow, (training_id, agency))
    if row is None:
        session.add(TrainingRsvpRow(training_id=training_id, agency=agency, answer=answer.value,
                                    by=by, at=at))  # fmt: skip
    else:
        row.answer, row.by, row.at = answer.value, by, at
    await session.flush()


async def rsvps(session: AsyncSession, training_id: int) -> dict[str, Rsvp]:
    rows = await session.scalars(
        select(TrainingRsvpRow).where(TrainingRsvpRow.training_id == training_id)
    )
    return {r.agency: Rsvp(r.answer) for r in rows}


async def add_feedback(session: AsyncSession, f: Feedback) -> None:
    session.add(TrainingFeedbackRow(training_id=f.training_id, agency=f.agency, by=f.by,
                                    rating=f.rating, will_apply=f.will_apply,
                                    suggestion=f.suggestion, at=f.at))  # fmt: skip
    await session.flush()


async def feedback(session: AsyncSession, training_id: int | None = None) -> list[Feedback]:
    query = select(TrainingFeedbackRow).order_by(TrainingFeedbackRow.id)
    if training_id is not None:
        query = query.where(TrainingFeedbackRow.training_id == training_id)
    return [Feedback(r.training_id, r.agency, r.by, r.rating, r.will_apply, r.suggestion, r.at)
            for r in await session.scalars(query)]  # fmt: skip
