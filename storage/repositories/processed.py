"""Processed incoming events: the guard that makes a replayed sync harmless."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ProcessedEvent


async def is_processed(session: AsyncSession, event_id: str) -> bool:
    return await session.get(ProcessedEvent, event_id) is not None


async def mark_processed(session: AsyncSession, event_id: str, room_id: str, at: datetime) -> bool:
    """Record `event_id` as handled. Returns False if it already was (nothing is written)."""
    if session.get_bind().dialect.name == "sqlite":
        result = await session.execute(
            sqlite_insert(ProcessedEvent)
            .values(event_id=event_id, room_id=room_id, processed_at=at)
            .on_conflict_do_nothing()
        )
        return bool(getattr(result, "rowcount", 0))
    if await is_processed(session, event_id):
        return False
    session.add(ProcessedEvent(event_id=event_id, room_id=room_id, processed_at=at))
    await session.flush()
    return True


async def count(session: AsyncSession) -> int:
    return int(
        (await session.execute(select(func.count()).select_from(ProcessedEvent))).scalar_one()
    )
