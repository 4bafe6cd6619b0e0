"""The data dictionary versions MACT has run with, kept whole so any two can be compared."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.data.dictionary import DataDictionary, version_key
from storage.models import DictionaryVersionRow


async def remember(session: AsyncSession, d: DataDictionary, now: datetime) -> bool:
    """Keep `d` if its version is new; True if it was. A version seen before keeps the
    content it was first seen with (a version is a published fact)."""
    if await session.get(DictionaryVersionRow, d.version) is not None:
        return False
    session.add(DictionaryVersionRow(
        version=d.version, content=d.model_dump(mode="json"), first_seen=now
    ))  # fmt: skip
    await session.flush()
    return True


async def get(session: AsyncSession, version: str) -> DataDictionary | None:
    row = await session.get(DictionaryVersionRow, version)
    return DataDictionary.model_validate(row.content) if row is not None else None


async def versions(session: AsyncSession) -> list[str]:
    """Every version seen, oldest first (by version number, not by when it was seen)."""
    found = await session.scalars(select(DictionaryVersionRow.version))
    return sorted(found, key=version_key)


async def announced(session: AsyncSession, version: str) -> bool:
    row = await session.get(DictionaryVersionRow, version)
    return row is not None and row.announced_at is not None


async def mark_announced(session: AsyncSession, version: str, now: datetime) -> None:
    row = await session.get(DictionaryVersionRow, version)
    if row is not None:
        row.announced_at = now
