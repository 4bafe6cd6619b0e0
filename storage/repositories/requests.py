"""Coordination requests between agencies."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.config.schema import Agency
from protocols.referrals.requests import Request, RequestKind, request_id
from storage.durations import from_seconds, to_seconds
from storage.models import RequestRow


async def next_id(session: AsyncSession) -> tuple[str, int]:
    seq = (await session.scalar(select(func.max(RequestRow.seq))) or 0) + 1
    return request_id(seq), seq


async def insert(session: AsyncSession, request: Request, seq: int) -> None:
    session.add(RequestRow(id=request.id, seq=seq, **_columns(request)))
    await session.flush()


async def save(session: AsyncSession, request: Request) -> None:
    row = await session.get(RequestRow, request.id)
    assert row is not None
    for name, value in _columns(request).items():
        setattr(row, name, value)


async def get(session: AsyncSession, ref: str) -> Request | None:
    row = await session.get(RequestRow, ref)
    return _request(row) if row is not None else None


async def unanswered(session: AsyncSession) -> list[Request]:
    rows = await session.scalars(select(RequestRow).where(RequestRow.answered_at.is_(None)))
    return [_request(r) for r in rows]


async def between(session: AsyncSession, start: datetime, end: datetime) -> list[Request]:
    """Requests asked in [start, end), oldest first."""
    rows = await session.scalars(
        select(RequestRow)
        .where(RequestRow.created_at >= start, RequestRow.created_at < end)
        .order_by(RequestRow.seq)
    )
    return [_request(r) for r in rows]


def _columns(r: Request) -> dict[str, Any]:
    return {
        "from_agency": r.from_agency,
        "from_user": r.from_user,
        "to_agency": r.to_agency,
        "kind": r.kind.value,
        "purpose": r.purpose,
        "created_at": r.created_at,
        "due": r.due,
        "rung": r.rung,
        "answered_at": r.answered_at,
        "answered_by": r.answered_by,
        "answer": r.answer,
        "dict_version": r.dict_version,
        "snapshot": {
            "receiver": r.receiver.model_dump(mode="json"),
            "coordinators": list(r.coordinators),
            "timezone": r.timezone,
            "ladder_step_s": to_seconds(r.ladder_step),
        },
    }


def _request(row: RequestRow) -> Request:
    snap: dict[str, Any] = row.snapshot
    return Request(
        id=row.id,
        from_agency=row.from_agency,
        from_user=row.from_user,
        to_agency=row.to_agency,
        kind=RequestKind(row.kind),
        purpose=row.purpose,
        created_at=row.created_at,
        due=row.due,
        receiver=Agency.model_validate(snap["receiver"]),
        coordinators=tuple(str(u) for u in snap["coordinators"]),
        timezone=str(snap["timezone"]),
        ladder_step=from_seconds(snap.get("ladder_step_s")),
        rung=row.rung,
        answered_at=row.answered_at,
        answered_by=row.answered_by,
        answer=row.answer,
        dict_version=row.dict_version,
    )
