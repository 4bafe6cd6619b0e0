"""Capacity: the last word of each agency and program."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.referrals.capacity import Availability, Band, Capacity
from storage.models import CapacityRow


async def put(session: AsyncSession, c: Capacity) -> None:
    row = await session.get(CapacityRow, (c.agency, c.program or ""))
    if row is None:
        row = CapacityRow(agency=c.agency, program=c.program or "")
        session.add(row)
    row.state = c.state.value
    row.band = c.band.value if c.band else None
    row.note = c.note
    row.by = c.by
    row.at = c.at


async def get(session: AsyncSession, agency: str, program: str | None) -> Capacity | None:
    row = await session.get(CapacityRow, (agency, program or ""))
    return _capacity(row) if row is not None else None


async def every(session: AsyncSession) -> list[Capacity]:
    rows = await session.scalars(
        select(CapacityRow).order_by(CapacityRow.agency, CapacityRow.program)
    )
    return [_capacity(r) for r in rows]


def _capacity(row: CapacityRow) -> Capacity:
    return Capacity(
        agency=row.agency,
        program=row.program or None,
        state=Availability(row.state),
        band=Band(row.band) if row.band else None,
        note=row.note,
        by=row.by,
        at=row.at,
    )
