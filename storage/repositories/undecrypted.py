"""Messages waiting for their decryption key (ciphertext only)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import UndecryptedEvent

# Kept at most: a flood of undecryptable events must not grow the table without bound.
MAX_KEPT = 500


@dataclass(frozen=True, slots=True)
class Waiting:
    event_id: str
    room_id: str
    sender: str
    source: dict[str, Any]
    first_seen: datetime
    noticed_at: datetime | None


def _waiting(row: UndecryptedEvent) -> Waiting:
    return Waiting(
        row.event_id, row.room_id, row.sender, dict(row.source), row.first_seen, row.noticed_at
    )


async def keep(
    session: AsyncSession,
    event_id: str,
    room_id: str,
    sender: str,
    source: dict[str, Any],
    at: datetime,
) -> bool:
    """Keep the event unless it is kept already or too many are; True if it was new."""
    if await session.get(UndecryptedEvent, event_id) is not None:
        return False
    count = len((await session.scalars(select(UndecryptedEvent.event_id))).all())
    if count >= MAX_KEPT:
        return False
    session.add(UndecryptedEvent(
        event_id=event_id, room_id=room_id, sender=sender, source=source, first_seen=at,
    ))  # fmt: skip
    return True


async def all_waiting(session: AsyncSession) -> list[Waiting]:
    rows = await session.scalars(select(UndecryptedEvent).order_by(UndecryptedEvent.first_seen))
    return [_waiting(r) for r in rows]


async def mark_noticed(session: AsyncSession, event_id: str, at: datetime) -> None:
    row = await session.get(UndecryptedEvent, event_id)
    if row is not None:
        row.noticed_at = at


async def forget(session: AsyncSession, event_id: str) -> None:
    await session.execute(delete(UndecryptedEvent).where(UndecryptedEvent.event_id == event_id))
