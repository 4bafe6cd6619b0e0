"""The outbox: messages written with the change that caused them, sent after commit."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.outbox import OutboxRecord, OutgoingMessage
from storage.models import Outbox

# A message that failed this often is left for an operator (`!audit`, logs) rather than
# retried forever.
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
    )


async def enqueue(session: AsyncSession, message: OutgoingMessage, at: datetime) -> int:
    """Add a message unless one with the same txn id exists; returns the row id either way."""
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
    query = select(Outbox).where(Outbox.sent_at.is_(None), Outbox.attempts < MAX_ATTEMPTS)
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


async def mark_failed(session: AsyncSession, outbox_id: int, error: str) -> None:
    row = await session.get(Outbox, outbox_id)
    if row is not None:
        row.attempts += 1
        # An error class and status code only; message bodies never reach this column.
        row.last_error = error[:200]
