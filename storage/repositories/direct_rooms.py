"""The bot's direct-message room with each contact: created once, reused."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DirectRoomRow


async def get(session: AsyncSession, user_id: str) -> str | None:
    row = await session.get(DirectRoomRow, user_id)
    return row.room_id if row else None


async def put(session: AsyncSession, user_id: str, room_id: str, at: datetime) -> None:
    row = await session.get(DirectRoomRow, user_id)
    if row is None:
        session.add(DirectRoomRow(user_id=user_id, room_id=room_id, created_at=at))
    else:
        row.room_id = room_id
        row.created_at = at


async def all_rooms(session: AsyncSession) -> dict[str, str]:
    """{room id: user id} for every DM the bot has made."""
    rows = await session.scalars(select(DirectRoomRow))
    return {r.room_id: r.user_id for r in rows}
