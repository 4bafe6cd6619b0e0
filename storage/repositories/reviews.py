"""After-action reviews and the notes the partners add to them."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.ids import UserId
from protocols.review.aar import AarKind, AarNote, Review
from storage.models import AarNoteRow, ReviewRow


def _review(r: ReviewRow) -> Review:
    return Review(
        r.event_id, r.due, r.posted_at, r.closed_at, UserId(r.closed_by) if r.closed_by else None
    )


async def get(session: AsyncSession, event_id: str) -> Review | None:
    row = await session.get(ReviewRow, event_id)
    return _review(row) if row else None


async def save(session: AsyncSession, review: Review) -> None:
    row = await session.get(ReviewRow, review.event_id)
    if row is None:
        row = ReviewRow(event_id=review.event_id)
        session.add(row)
    row.due = review.due
    row.posted_at = review.posted_at
    row.closed_at = review.closed_at
    row.closed_by = review.closed_by
    await session.flush()


async def unposted(session: AsyncSession) -> list[Review]:
    rows = await session.scalars(select(ReviewRow).where(ReviewRow.posted_at.is_(None)))
    return [_review(r) for r in rows]


async def add_note(session: AsyncSession, note: AarNote) -> None:
    session.add(
        AarNoteRow(
            event_id=note.event_id,
            kind=note.kind.value,
            text=note.text,
            by=note.by,
            agency=note.agency,
            at=note.at,
        )
    )
    await session.flush()


async def notes(session: AsyncSession, event_id: str) -> list[AarNote]:
    rows = await session.scalars(
        select(AarNoteRow).where(AarNoteRow.event_id == event_id).order_by(AarNoteRow.id)
    )
    return [
        AarNote(r.event_id, AarKind(r.kind), r.text, UserId(r.by), r.agency, r.at) for r in rows
    ]


async def every(session: AsyncSession) -> list[Review]:
    """Every after-action review, by when it is due (the shared calendar shows them)."""
    rows = await session.scalars(select(ReviewRow).order_by(ReviewRow.due))
    return [_review(r) for r in rows]
