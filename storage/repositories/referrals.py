"""Referrals between agencies."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.config.schema import Agency
from protocols.referrals.lifecycle import (
    FINAL,
    Basis,
    Consent,
    Pathway,
    Reason,
    Referral,
    Status,
    Urgency,
    referral_id,
)
from storage.durations import from_seconds, to_seconds
from storage.models import ReferralRow


async def next_id(session: AsyncSession, year: int) -> tuple[str, int]:
    """The next R-YYYY-NNNN; the caller's transaction makes it unique."""
    current = await session.scalar(
        select(func.max(ReferralRow.seq)).where(ReferralRow.year == year)
    )
    seq = (current or 0) + 1
    return referral_id(year, seq), seq


async def insert(session: AsyncSession, referral: Referral, year: int, seq: int) -> None:
    session.add(ReferralRow(id=referral.id, year=year, seq=seq, **_columns(referral)))
    await session.flush()


async def save(session: AsyncSession, referral: Referral) -> None:
    row = await session.get(ReferralRow, referral.id)
    assert row is not None
    for name, value in _columns(referral).items():
        setattr(row, name, value)


async def get(session: AsyncSession, ref: str) -> Referral | None:
    row = await session.get(ReferralRow, ref)
    return _referral(row) if row is not None else None


async def awaiting_feedback(session: AsyncSession) -> list[Referral]:
    """Referrals whose feedback has not come (sent, none of the answering statuses)."""
    rows = await session.scalars(
        select(ReferralRow).where(ReferralRow.status == Status.SENT.value).order_by(ReferralRow.due)
    )
    return [_referral(r) for r in rows]


async def listed(session: AsyncSession, limit: int = 50) -> list[Referral]:
    """Open referrals (not ended), oldest first."""
    ended = [s.value for s in FINAL]
    rows = await session.scalars(
        select(ReferralRow)
        .where(ReferralRow.status.not_in(ended))
        .order_by(ReferralRow.created_at)
        .limit(limit)
    )
    return [_referral(r) for r in rows]


async def sent_between(session: AsyncSession, start: datetime, end: datetime) -> list[Referral]:
    """Referrals sent in [start, end), oldest first: a report's material."""
    rows = await session.scalars(
        select(ReferralRow)
        .where(ReferralRow.created_at >= start, ReferralRow.created_at < end)
        .order_by(ReferralRow.created_at)
    )
    return [_referral(r) for r in rows]


async def case_ref_used(session: AsyncSession, case_ref: str) -> bool:
    found = await session.scalar(
        select(ReferralRow.id).where(ReferralRow.case_ref == case_ref).limit(1)
    )
    return found is not None


async def every(session: AsyncSession) -> list[Referral]:
    """Every referral, oldest first: the data checks' material."""
    rows = await session.scalars(select(ReferralRow).order_by(ReferralRow.created_at))
    return [_referral(r) for r in rows]


def _columns(r: Referral) -> dict[str, object]:
    return {
        "from_agency": r.from_agency,
        "from_user": r.from_user,
        "to_agency": r.to_agency,
        "program": r.program,
        "purpose": r.purpose,
        "basis": r.basis.value,
        "urgency": r.urgency.value,
        "pathway": r.pathway.value,
        "consent": r.consent.value,
        "case_ref": r.case_ref,
        "status": r.status.value,
        "created_at": r.created_at,
        "due": r.due,
        "rung": r.rung,
        "reason": r.reason.value if r.reason else None,
        "updated_at": r.updated_at,
        "acknowledged_at": r.acknowledged_at,
        "decided_at": r.decided_at,
        "dict_version": r.dict_version,
        "source": r.source,
        "housing": r.housing,
        "service_started": r.service_started,
        "service_closed": r.service_closed,
        "snapshot": {
            "receiver": r.receiver.model_dump(mode="json"),
            "coordinators": list(r.coordinators),
            "timezone": r.timezone,
            "ladder_step_s": to_seconds(r.ladder_step),
        },
    }


def _referral(row: ReferralRow) -> Referral:
    return Referral(
        id=row.id,
        from_agency=row.from_agency,
        from_user=row.from_user,
        to_agency=row.to_agency,
        program=row.program,
        purpose=row.purpose,
        basis=Basis(row.basis),
        urgency=Urgency(row.urgency),
        pathway=Pathway(row.pathway),
        consent=Consent(row.consent),
        case_ref=row.case_ref,
        status=Status(row.status),
        created_at=row.created_at,
        due=row.due,
        rung=row.rung,
        reason=Reason(row.reason) if row.reason else None,
        updated_at=row.updated_at,
        acknowledged_at=row.acknowledged_at,
        decided_at=row.decided_at,
        dict_version=row.dict_version,
        source=row.source,
        housing=row.housing,
        service_started=row.service_started,
        service_closed=row.service_closed,
        receiver=Agency.model_validate(row.snapshot["receiver"]),
        coordinators=tuple(str(u) for u in row.snapshot["coordinators"]),  # type: ignore[attr-defined]
        timezone=str(row.snapshot["timezone"]),
        ladder_step=from_seconds(row.snapshot.get("ladder_step_s")),
    )
