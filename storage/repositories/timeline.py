"""The event timeline: append-only."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.timeline import EntryKind, TimelineEntry
from storage.models import TimelineRow


async def append(session: AsyncSession, entry: TimelineEntry) -> None:
    session.add(
        TimelineRow(
            event_id=entry.event_id,
            at=entry.at,
            kind=entry.kind.value,
            agency=entry.agency,
            actor=entry.actor,
            text=entry.text,
        )
    )


async def for_event(session: AsyncSession, event_id: str) -> list[TimelineEntry]:
    rows = await session.scalars(
        select(TimelineRow)
        .where(TimelineRow.event_id == event_id)
        .order_by(TimelineRow.at, TimelineRow.id)
    )
    return [
        TimelineEntry(r.event_id, r.at, EntryKind(r.kind), r.text, r.agency, r.actor, r.id)
        for r in rows
    ]
