"""Small key-value bot state (the sync token)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import KeyValue

SYNC_TOKEN = "sync_token"  # noqa: S105 - a key name


async def get(session: AsyncSession, key: str) -> str | None:
    row = await session.get(KeyValue, key)
    return row.value if row else None


async def put(session: AsyncSession, key: str, value: str) -> None:
    row = await session.get(KeyValue, key)
    if row is None:
        session.add(KeyValue(key=key, value=value))
    else:
        row.value = value
