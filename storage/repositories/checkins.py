"""Check-ins of crisis events."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.huddle.checkins import Checkin, CheckinState
from protocols.ids import UserId
from storage.models import CheckinRow


def _checkin(r: CheckinRow) -> Checkin:
    return Checkin(
        event_id=r.event_id,
        number=r.number,
        due=r.due,
        set_by=UserId(r.set_by) if r.set_by else None,
        state=CheckinState(r.state),
        prompted_at=r.prompted_at,
        held_at=r.held_at,
        held_by=UserId(r.held_by) if r.held_by else None,
        id=r.id,
    )


async def for_event(session: AsyncSession, event_id: str) -> list[Checkin]:
    rows = await session.scalars(
        select(CheckinRow).where(CheckinRow.event_id == event_id).order_by(CheckinRow.id)
    )
    return [_checkin(r) for r in rows]


async def by_event(session: AsyncSession, event_ids: list[str]) -> dict[str, list[Checkin]]:
    """for_event for many events in one query."""
    found: dict[str, list[Checkin]] = {e: [] for e in event_ids}
    rows = await session.scalars(
        select(CheckinRow).where(CheckinRow.event_id.in_(event_ids)).order_by(CheckinRow.id)
    )
    for r in rows:
        found[r.event_id].append(_checkin(r))
    return found


async def save(session: AsyncSession, checkin: Checkin) -> Checkin:
    """Insert (no id) or update; returns it with its id."""
    row = await session.get(CheckinRow, checkin.id) if checkin.id is not None else None
    if row is None:
        row = CheckinRow(event_id=checkin.event_id)
        session.add(row)
    row.number = checkin.number
    row.due = checkin.due
    row.set_by = checkin.set_by
    row.state = checkin.state.value
    row.prompted_at = checkin.prompted_at
    row.held_at = checkin.held_at
    row.held_by = checkin.held_by
    await session.flush()
    return Checkin(
        checkin.event_id,
        checkin.number,
        checkin.due,
        checkin.set_by,
        checkin.state,
        checkin.prompted_at,
        checkin.held_at,
        checkin.held_by,
        row.id,
    )


async def cancel_pending(session: AsyncSession, event_id: str) -> None:
    """The event ended: a scheduled check-in will not be held. One already prompted stays
    as it is: its updates were asked for (the summary says so), it was not cancelled."""
    for row in await session.scalars(
        select(CheckinRow).where(
            CheckinRow.event_id == event_id,
            CheckinRow.state == CheckinState.SCHEDULED.value,
        )
    ):
        row.state = CheckinState.CANCELLED.value
