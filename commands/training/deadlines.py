"""A training's deadlines (T-n): the reminder before it, with each agency's RSVP; and,
when it ends, the call for feedback. Each once, in the transaction that records it."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.kernel.content import notice
from commands.kernel.framework import Reply
from protocols.ids import UserId
from protocols.outbox import OutgoingMessage
from protocols.training.sessions import Rsvp, Training, parse_training_id
from storage.repositories import trainings


def _next(t: Training) -> datetime | None:
    if t.cancelled_at is not None:
        return None
    if t.reminded_at is None:
        return t.remind_at
    return t.ends_at if t.feedback_asked_at is None else None


async def wakeups(session: AsyncSession) -> dict[str, datetime]:
    return {t.label: at for t in await trainings.every(session) if (at := _next(t)) is not None}


async def run(session: AsyncSession, key: str, now: datetime) -> Due:
    t = await trainings.get(session, parse_training_id(key))
    if t is None or t.cancelled_at is not None:
        return [], None
    out: list[OutgoingMessage] = []
    if t.reminded_at is None and now >= t.remind_at:
        if now < t.starts_at:
            out.append(await _reminder(session, t))
        t = dataclasses.replace(t, reminded_at=now)
    if t.feedback_asked_at is None and now >= t.ends_at:
        text = (f"{t.label} ({t.topic}) has ended. How was it? !training feedback {t.label} "
                "<1-5> [will-apply yes|no] [a topic for next time]")  # fmt: skip
        out.append(_room(t, f"training-{t.id}-feedback", Reply(text)))
        t = dataclasses.replace(t, feedback_asked_at=now)
    await trainings.save(session, t)
    return out, _next(t)


async def _reminder(session: AsyncSession, t: Training) -> OutgoingMessage:
    """The agencies going or maybe are mentioned through their primary contacts, and the
    ones that have not answered are named."""
    answers = await trainings.rsvps(session, t.id)
    snap = t.snapshot
    coming = [a for a in snap.agencies if answers.get(a) in (Rsvp.GOING, Rsvp.MAYBE)]
    silent = [a for a in snap.agencies if a not in answers]
    when = t.starts_at.astimezone(ZoneInfo(snap.timezone)).strftime("%a %d %b %H:%M")
    text = (
        f"Reminder: {t.label} {t.topic}, hosted by {t.host}, {when}. Going or maybe: "
        f"{', '.join(coming) or 'none'}; no answer yet: {', '.join(silent) or 'none'}."
    )
    mentions = tuple(UserId(snap.contacts[a]) for a in coming if a in snap.contacts)
    return _room(t, f"training-{t.id}-reminder", Reply(text, None, mentions))


def _room(t: Training, txn: str, reply: Reply) -> OutgoingMessage:
    return OutgoingMessage(txn, t.room_id, "m.room.message", notice(reply))


SOURCE = DeadlineSource("training", "T-", wakeups, run)
