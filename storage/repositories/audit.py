"""The append-only audit log, a hash chain. There is no update or delete here on purpose.

Appends are serialised: the database has one connection, so two entries can never take
the same previous hash."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.audit import GENESIS, AuditEntry, Outcome, chain_hash
from storage.models import AuditLog


async def append(session: AsyncSession, entry: AuditEntry) -> None:
    prev = await session.scalar(select(AuditLog.hash).order_by(AuditLog.id.desc()).limit(1))
    prev = prev or GENESIS
    session.add(
        AuditLog(
            prev_hash=prev,
            hash=chain_hash(prev, entry),
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
        prev_hash=row.prev_hash,
        hash=row.hash,
    )


async def latest(session: AsyncSession, limit: int = 20) -> list[AuditEntry]:
    rows = await session.scalars(select(AuditLog).order_by(AuditLog.id.desc()).limit(limit))
    return [_entry(r) for r in rows]


async def in_order(
    session: AsyncSession,
    since: datetime | None = None,
    until: datetime | None = None,
    after_id: int = 0,
    limit: int = 5000,
) -> list[AuditEntry]:
    """Entries in chain order (by id), after `after_id`, optionally within [since, until)."""
    query = select(AuditLog).where(AuditLog.id > after_id).order_by(AuditLog.id).limit(limit)
    if since is not None:
        query = query.where(AuditLog.at >= since)
    if until is not None:
        query = query.where(AuditLog.at < until)
    return [_entry(r) for r in await session.scalars(query)]


async def hash_before(session: AsyncSession, entry_id: int) -> str:
    """The hash of the entry before `entry_id` (the chain's start for an export)."""
    value = await session.scalar(
        select(AuditLog.hash).where(AuditLog.id < entry_id).order_by(AuditLog.id.desc()).limit(1)
    )
    return value or GENESIS
