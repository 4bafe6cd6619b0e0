"""The contact log and the queue of problems raised for the leads' meeting."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.referrals.contact_log import Contact, Problem
from storage.models import ContactLogRow, ProblemRow


async def add(session: AsyncSession, c: Contact) -> None:
    session.add(
        ContactLogRow(
            at=c.at, from_agency=c.from_agency, by=c.by, with_agency=c.with_agency,
            kind=str(c.kind), purpose=c.purpose, outcome=c.outcome, ref=c.ref,
            dict_version=c.dict_version,
        )
    )  # fmt: skip


async def of_agency(session: AsyncSession, agency: str, limit: int = 20) -> list[Contact]:
    """The latest contacts an agency made or received, newest first."""
    rows = await session.scalars(
        select(ContactLogRow)
        .where((ContactLogRow.from_agency == agency) | (ContactLogRow.with_agency == agency))
        .order_by(ContactLogRow.id.desc())
        .limit(limit)
    )
    return [_contact(r) for r in rows]


async def between(session: AsyncSession, start: datetime, end: datetime) -> list[Contact]:
    """Contacts made in [start, end), oldest first."""
    rows = await session.scalars(
        select(ContactLogRow)
        .where(ContactLogRow.at >= start, ContactLogRow.at < end)
        .order_by(ContactLogRow.id)
    )
    return [_contact(r) for r in rows]


async def every(session: AsyncSession) -> list[Contact]:
    """The whole contact log, oldest first (the data checks read its codes)."""
    rows = await session.scalars(select(ContactLogRow).order_by(ContactLogRow.id))
    return [_contact(r) for r in rows]


def _contact(r: ContactLogRow) -> Contact:
    return Contact(r.at, r.from_agency, r.by, r.with_agency, r.kind, r.purpose,
                   r.outcome, r.ref, r.id, r.dict_version)  # fmt: skip


async def raise_problem(session: AsyncSession, p: Problem) -> int:
    row = ProblemRow(at=p.at, agency=p.agency, by=p.by, text=p.text)
    session.add(row)
    await session.flush()
    return row.id


async def queued_problems(session: AsyncSession) -> list[Problem]:
    """Problems no meeting has taken up yet, oldest first (the meetings feature reads it)."""
    rows = await session.scalars(
        select(ProblemRow).where(ProblemRow.taken_up_at.is_(None)).order_by(ProblemRow.id)
    )
    return [Problem(r.at, r.agency, r.by, r.text, r.taken_up_at, r.id) for r in rows]


async def take_up(session: AsyncSession, problem_ids: list[int], at: datetime) -> None:
    """Problems now on a meeting's agenda: no longer queued."""
    for problem_id in problem_ids:
        row = await session.get(ProblemRow, problem_id)
        if row is not None and row.taken_up_at is None:
            row.taken_up_at = at
