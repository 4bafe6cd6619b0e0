"""Decision records of crisis events."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.huddle.decisions import Decision
from protocols.ids import UserId
from storage.models import DecisionRow


async def next_number(session: AsyncSession, event_id: str) -> int:
    current = await session.scalar(
        select(func.max(DecisionRow.number)).where(DecisionRow.event_id == event_id)
    )
    return (current or 0) + 1


async def insert(session: AsyncSession, decision: Decision) -> None:
    session.add(
        DecisionRow(
            event_id=decision.event_id,
            number=decision.number,
            at=decision.at,
            by=decision.by,
            agency=decision.agency,
            text=decision.text,
            rationale=decision.rationale,
            present=list(decision.present),
        )
    )
    await session.flush()


async def for_event(session: AsyncSession, event_id: str) -> list[Decision]:
    rows = await session.scalars(
        select(DecisionRow).where(DecisionRow.event_id == event_id).order_by(DecisionRow.number)
    )
    return _decisions(rows)


async def latest(session: AsyncSession, agency: str | None, limit: int = 30) -> list[Decision]:
    """The shared log's latest decisions (crisis events and meetings), newest first,
    optionally those taken by one agency."""
    query = select(DecisionRow).order_by(DecisionRow.at.desc(), DecisionRow.id.desc())
    if agency is not None:
        query = query.where(DecisionRow.agency == agency)
    return _decisions(await session.scalars(query.limit(limit)))


def _decisions(rows: Iterable[DecisionRow]) -> list[Decision]:
    return [
        Decision(
            r.event_id,
            r.number,
            r.at,
            UserId(r.by),
            r.agency,
            r.text,
            r.rationale,
            tuple(r.present),
        )
        for r in rows
    ]
