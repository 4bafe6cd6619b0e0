"""Action items and improvement items."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.huddle.actions import ActionItem, ItemKind, ItemState, Owner, Stage
from protocols.ids import UserId
from storage.models import ActionItemRow


def _item(r: ActionItemRow) -> ActionItem:
    return ActionItem(
        event_id=r.event_id,
        kind=ItemKind(r.kind),
        number=r.number,
        owner=Owner(
            r.owner_agency,
            UserId(r.owner_user) if r.owner_user else None,
            tuple(UserId(u) for u in r.notify),
            tuple(UserId(u) for u in r.escalate_to),
        ),
        text=r.text,
        due=r.due,
        due_set_at=r.due_set_at,
        created_by=UserId(r.created_by),
        created_at=r.created_at,
        state=ItemState(r.state),
        stage=Stage(r.stage),
        resolved_at=r.resolved_at,
        resolved_by=UserId(r.resolved_by) if r.resolved_by else None,
        resolution=r.resolution,
        category=r.category,
    )


async def next_number(session: AsyncSession, event_id: str, kind: ItemKind) -> int:
    current = await session.scalar(
        select(func.max(ActionItemRow.number)).where(
            ActionItemRow.event_id == event_id, ActionItemRow.kind == kind.value
        )
    )
    return (current or 0) + 1


async def save(session: AsyncSession, item: ActionItem) -> None:
    """Insert the item, or update the stored one with the same event, kind and number."""
    row = await session.scalar(
        select(ActionItemRow).where(
            ActionItemRow.event_id == item.event_id,
            ActionItemRow.kind == item.kind.value,
            ActionItemRow.number == item.number,
        )
    )
    if row is None:
        row = ActionItemRow(event_id=item.event_id, kind=item.kind.value, number=item.number)
        session.add(row)
    row.owner_agency = item.owner.agency
    row.owner_user = item.owner.user
    row.notify = list(item.owner.notify)
    row.escalate_to = list(item.owner.escalate_to)
    row.text = item.text
    row.due = item.due
    row.due_set_at = item.due_set_at
    row.created_by = item.created_by
    row.created_at = item.created_at
    row.state = item.state.value
    row.stage = int(item.stage)
    row.resolved_at = item.resolved_at
    row.resolved_by = item.resolved_by
    row.resolution = item.resolution
    row.category = item.category
    await session.flush()


async def get(
    session: AsyncSession, event_id: str, kind: ItemKind, number: int
) -> ActionItem | None:
    row = await session.scalar(
        select(ActionItemRow).where(
            ActionItemRow.event_id == event_id,
            ActionItemRow.kind == kind.value,
            ActionItemRow.number == number,
        )
    )
    return _item(row) if row else None


async def shared_log(
    session: AsyncSession, agency: str | None, limit: int = 40
) -> list[ActionItem]:
    """Action and improvement items across crisis events, reviews and meetings: open ones
    first (soonest due first), then the latest resolved; optionally one agency's."""
    query = select(ActionItemRow)
    if agency is not None:
        query = query.where(ActionItemRow.owner_agency == agency)
    open_rows = await session.scalars(
        query.where(ActionItemRow.state == ItemState.OPEN.value)
        .order_by(ActionItemRow.due)
        .limit(limit)
    )
    found = [_item(r) for r in open_rows]
    done_rows = await session.scalars(
        query.where(ActionItemRow.state != ItemState.OPEN.value)
        .order_by(ActionItemRow.resolved_at.desc())
        .limit(max(0, limit - len(found)))
    )
    return found + [_item(r) for r in done_rows]


async def for_event(session: AsyncSession, event_id: str) -> list[ActionItem]:
    rows = await session.scalars(
        select(ActionItemRow)
        .where(ActionItemRow.event_id == event_id)
        .order_by(ActionItemRow.kind, ActionItemRow.number)
    )
    return [_item(r) for r in rows]


async def open_by_event(session: AsyncSession, kind: ItemKind) -> dict[str, list[ActionItem]]:
    """Every open item of `kind`, by event, in one query (start-up reads them all)."""
    rows = await session.scalars(
        select(ActionItemRow)
        .where(ActionItemRow.kind == kind.value, ActionItemRow.state == ItemState.OPEN.value)
        .order_by(ActionItemRow.event_id, ActionItemRow.number)
    )
    found: dict[str, list[ActionItem]] = {}
    for r in rows:
        found.setdefault(r.event_id, []).append(_item(r))
    return found


async def open_improvements(session: AsyncSession, agency: str | None = None) -> list[ActionItem]:
    """Open improvement items of every event, soonest due first."""
    query = select(ActionItemRow).where(
        ActionItemRow.kind == ItemKind.IMPROVEMENT.value,
        ActionItemRow.state == ItemState.OPEN.value,
    )
    if agency is not None:
        query = query.where(ActionItemRow.owner_agency == agency)
    rows = await session.scalars(query.order_by(ActionItemRow.due, ActionItemRow.id))
    return [_item(r) for r in rows]


async def resolve(
    session: AsyncSession,
    item: ActionItem,
    state: ItemState,
    at: datetime,
    by: UserId,
    resolution: str | None,
) -> ActionItem:
    done = replace(item, state=state, resolved_at=at, resolved_by=by, resolution=resolution)
    await save(session, done)
    return done
