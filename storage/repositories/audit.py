"""The append-only audit log. There is no update or delete here on purpose."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.audit import AuditEntry, Outcome
from storage.models import AuditLog


async def append(session: AsyncSession, entry: AuditEntry) -> None:
    session.add(
        AuditLog(
            at=entry.at,
            sender=entry.sender,
            agency=entry.agency,
            role=entry.role,
            command=entry.command,
            room_id=entry.room_id,
            event_id=entry.event_id,
            outcome=entry.outcome.value,
            ref=entry.ref,
        )
    )


def _entry(row: AuditLog) -> AuditEntry:
    return AuditEntry(
        id=row.id,
        at=row.at,
        sender=row.sender,
        agency=row.agency,
        role=row.role,
        command=row.command,
        room_id=row.room_id,
        event_id=row.event_id,
        outcome=Outcome(row.outcome),
        ref=row.ref,
    )


async def latest(session: AsyncSession, limit: int = 20) -> list[AuditEntry]:
    rows = await session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit))
    return [_entry(r) for r in rows]
