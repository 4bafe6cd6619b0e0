"""The outbox: messages written with the change that caused them, sent after commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.outbox import OutboxRecord, OutgoingMessage, fit_message
from storage.models import Outbox

# A message the homeserver refused this often is marked failed and left for an admin
# (`!outbox`) rather than retried forever. Network failures do not count: an outage only
# delays a message, however long it lasts.
MAX_ATTEMPTS = 50


def _record(row: Outbox) -> OutboxRecord:
    return OutboxRecord(
        id=row.id,
        message=OutgoingMessage(
            txn_id=row.txn_id,
            room_id=row.room_id,
            event_type=row.event_type,
            content=row.content,
            to_user=row.to_user,
            ref=row.ref,
        ),
        created_at=row.created_at,
        sent_at=row.sent_at,
        sent_event_id=row.sent_event_id,
        attempts=row.attempts,
        last_error=row.last_error,
        failed_at=row.failed_at,
    )


async def enqueue(session: AsyncSession, message: OutgoingMessage, at: datetime) -> int:
    """Add a message unless one with the same txn id exists; returns the row id either way.
    A message too large for one Matrix event is cut to fit here (see `fit_message`)."""
    message = fit_message(message)
    existing = await session.scalar(select(Outbox).where(Outbox.txn_id == message.txn_id))
    if existing is not None:
        return existing.id
    row = Outbox(
        txn_id=message.txn_id,
        room_id=message.room_id,
        to_user=message.to_user,
        ref=message.ref,
        event_type=message.event_type,
        content=message.content,
        created_at=at,
        attempts=0,
    )
    session.add(row)
    await session.flush()
    return row.id


async def unsent(
    session: AsyncSession, limit: int = 100, *, created_before: datetime | None = None
) -> list[OutboxRecord]:
    query = select(Outbox).where(Outbox.sent_at.is_(None), Outbox.failed_at.is_(None))
    if created_before is not None:
        query = query.where(Outbox.created_at < created_before)
    rows = await session.scalars(query.order_by(Outbox.id).limit(limit))
    return [_record(r) for r in rows]


async def get(session: AsyncSession, outbox_id: int) -> OutboxRecord | None:
    row = await session.get(Outbox, outbox_id)
    return _record(row) if row else None


async def mark_sent(
    session: AsyncSession, outbox_id: int, event_id: str, at: datetime, room_id: str | None = None
) -> None:
    row = await session.get(Outbox, outbox_id)
    if row is not None:
        if room_id is not None:
            row.room_id = room_id
        row.sent_at = at
        row.sent_event_id = event_id
        # Data minimisation: once the server has it, the plaintext need not stay here.
        row.content = {}
        row.attempts += 1


async def sent_event_id(session: AsyncSession, txn_id: str) -> str | None:
    """The event id the homeserver gave the message sent under `txn_id`, if it was sent."""
    value = await session.scalar(
        select(Outbox.sent_event_id).where(Outbox.txn_id == txn_id, Outbox.sent_at.is_not(None))
    )
    return str(value) if value else None


async def by_txn(session: AsyncSession, txn_id: str) -> OutboxRecord | None:
    row = await session.scalar(select(Outbox).where(Outbox.txn_id == txn_id))
    return _record(row) if row is not None else None


async def txn_of_sent_event(session: AsyncSession, event_id: str) -> str | None:
    """The transaction id of the message the homeserver stored as `event_id`, if MACT
    sent it."""
    value = await session.scalar(select(Outbox.txn_id).where(Outbox.sent_event_id == event_id))
    return str(value) if value else None


async def mark_failed(
    session: AsyncSession, outbox_id: int, error: str, at: datetime, *, counts: bool = True
) -> bool:
    """Record a failed attempt. `counts=False` (the network, not the server) only notes the
    error. Returns True if the row has now failed for good (MAX_ATTEMPTS refusals)."""
    row = await session.get(Outbox, outbox_id)
    if row is None:
        return False
    # An error class and status code only; message bodies never reach this column.
    row.last_error = error[:200]
    if counts:
        row.attempts += 1
        if row.attempts >= MAX_ATTEMPTS:
            _give_up(row, at)
            return True
    return False


async def give_up(session: AsyncSession, outbox_id: int, error: str, at: datetime) -> None:
    """The homeserver will never take this message: stop sending it, keep why."""
    row = await session.get(Outbox, outbox_id)
    if row is not None:
        row.attempts += 1
        row.last_error = error[:200]
        _give_up(row, at)


def _give_up(row: Outbox, at: datetime) -> None:
    row.failed_at = at
    # Nobody will ever read it from here: drop the text, as after a send.
    row.content = {}


async def failures(session: AsyncSession, limit: int = 20) -> list[OutboxRecord]:
    """Messages that failed for good, newest first."""
    rows = await session.scalars(
        select(Outbox)
        .where(Outbox.failed_at.is_not(None))
        .order_by(Outbox.failed_at.desc(), Outbox.id.desc())
        .limit(limit)
    )
    return [_record(r) for r in rows]
