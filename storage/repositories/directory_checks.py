"""When each agency's directory entry was last verified by its supervisor, and reminded."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import DirectoryCheckRow


async def _row(session: AsyncSession, agency: str) -> DirectoryCheckRow:
    row = await session.get(DirectoryCheckRow, agency)
    if row is None:
        row = DirectoryCheckRow(agency=agency)
        session.add(row)
    return row


async def verified(session: AsyncSession, agency: str, by: str, at: datetime) -> None:
    row = await _row(session, agency)
    row.verified_at, row.verified_by = at, by


async def reminded(session: AsyncSession, agency: str, at: datetime) -> None:
    (await _row(session, agency)).reminded_at = at


async def every(session: AsyncSession) -> dict[str, tuple[datetime | None, datetime | None]]:
    """agency → (verified at, reminded at)."""
    rows = await session.scalars(select(DirectoryCheckRow))
    return {r.agency: (r.verified_at, r.reminded_at) for r in rows}
