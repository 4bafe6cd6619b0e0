"""Crisis events, their notification steps and pages."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.ids import UserId
from protocols.paging.crisis import CrisisEvent, EventState, ProtocolSnapshot, format_event_id
from protocols.paging.escalation import Page, PageState, Step, StepState
from storage.models import CrisisEventRow, PageRow, StepRow

# A snapshot never changes once an event has started, so it is parsed once per event. Event
# ids are unique only within one database, so the database is part of the key.
_SNAPSHOTS: dict[tuple[str, str], ProtocolSnapshot] = {}
_SNAPSHOTS_MAX = 1000


def _snapshot(session: AsyncSession, row: CrisisEventRow) -> ProtocolSnapshot:
    key = (str(session.get_bind().engine.url), row.id)
    cached = _SNAPSHOTS.get(key)
    if cached is None:
        if len(_SNAPSHOTS) >= _SNAPSHOTS_MAX:
            _SNAPSHOTS.pop(next(iter(_SNAPSHOTS)))
        cached = _SNAPSHOTS[key] = ProtocolSnapshot.model_validate(row.snapshot)
    return cached


def _event(session: AsyncSession, row: CrisisEventRow) -> CrisisEvent:
    return CrisisEvent(
        id=row.id,
        snapshot=_snapshot(session, row),
        criterion=row.criterion,
        case_ref=row.case_ref,
        note=row.note,
        lead_agency=row.lead_agency,
        activated_by=UserId(row.activated_by),
        activated_at=row.activated_at,
        room_id=row.room_id,
        root_event_id=row.root_event_id,
        state=EventState(row.state),
        ended_at=row.ended_at,
        end_reason=row.end_reason,
        outcome=row.outcome,
    )


async def next_event_id(session: AsyncSession, year: int) -> tuple[str, int]:
    """The next CE-YYYY-NNNN for `year`; the caller's transaction makes it unique."""
    current = await session.scalar(
        select(func.max(CrisisEventRow.seq)).where(CrisisEventRow.year == year)
    )
    seq = (current or 0) + 1
    return format_event_id(year, seq), seq


async def insert_event(session: AsyncSession, event: CrisisEvent, year: int, seq: int) -> None:
    session.add(
        CrisisEventRow(
            id=event.id,
            year=year,
            seq=seq,
            protocol_id=event.protocol.id,
            protocol_version=event.protocol.version,
            snapshot=event.snapshot.model_dump(mode="json"),
            criterion=event.criterion,
            case_ref=event.case_ref,
            note=event.note,
            lead_agency=event.lead_agency,
            activated_by=event.activated_by,
            activated_at=event.activated_at,
            room_id=event.room_id,
            root_event_id=event.root_event_id,
            state=event.state.value,
        )
    )
    await session.flush()


async def get_event(session: AsyncSession, event_id: str) -> CrisisEvent | None:
    row = await session.get(CrisisEventRow, event_id)
    return _event(session, row) if row else None


async def event_by_root(session: AsyncSession, root_event_id: str) -> CrisisEvent | None:
    row = await session.scalar(
        select(CrisisEventRow).where(CrisisEventRow.root_event_id == root_event_id)
    )
    return _event(session, row) if row else None


async def active_events(session: AsyncSession) -> list[CrisisEvent]:
    rows = await session.scalars(
        select(CrisisEventRow)
        .where(CrisisEventRow.state == EventState.ACTIVE.value)
        .order_by(CrisisEventRow.activated_at)
    )
    return [_event(session, r) for r in rows]


async def set_root(session: AsyncSession, event_id: str, root_event_id: str) -> None:
    row = await session.get(CrisisEventRow, event_id)
    if row is not None and row.root_event_id is None:
        row.root_event_id = root_event_id


async def set_lead(session: AsyncSession, event_id: str, lead: str) -> None:
    row = await session.get(CrisisEventRow, event_id)
    if row is not None:
        row.lead_agency = lead


async def end_event(
    session: AsyncSession,
    event_id: str,
    state: EventState,
    at: datetime,
    reason: str | None,
    outcome: str | None = None,
) -> None:
    row = await session.get(CrisisEventRow, event_id)
    if row is not None:
        row.state = state.value
        row.ended_at = at
        row.end_reason = reason
        row.outcome = outcome


async def activated_between(
    session: AsyncSession, start: datetime, end: datetime
) -> list[CrisisEvent]:
    rows = await session.scalars(
        select(CrisisEventRow)
        .where(CrisisEventRow.activated_at >= start, CrisisEventRow.activated_at < end)
        .order_by(CrisisEventRow.activated_at)
    )
    return [_event(session, r) for r in rows]


async def closed_between(session: AsyncSession, start: datetime, end: datetime) -> int:
    """How many events were closed (not cancelled) in [start, end)."""
    found = await session.scalar(
        select(func.count())
        .select_from(CrisisEventRow)
        .where(
            CrisisEventRow.state == EventState.CLOSED.value,
            CrisisEventRow.ended_at >= start,
            CrisisEventRow.ended_at < end,
        )
    )
    return int(found or 0)


async def events_by_id(session: AsyncSession, event_ids: list[str]) -> list[CrisisEvent]:
    rows = await session.scalars(
        select(CrisisEventRow)
        .where(CrisisEventRow.id.in_(event_ids))
        .order_by(CrisisEventRow.activated_at)
    )
    return [_event(session, r) for r in rows]


# ---- steps and pages --------------------------------------------------------------------


def _step(row: StepRow) -> Step:
    return Step(
        index=row.idx,
        agency=row.agency,
        after=row.after,
        offset=timedelta(seconds=row.offset_s),
        ack_window=timedelta(seconds=row.ack_window_s),
        on_no_ack=row.on_no_ack,
        state=StepState(row.state),
        released_at=row.released_at,
        resolved_at=row.resolved_at,
        acked_by=UserId(row.acked_by) if row.acked_by else None,
    )


def _page(row: PageRow) -> Page:
    return Page(
        id=row.id,
        step_index=row.step_idx,
        attempt=row.attempt,
        target=UserId(row.target),
        label=row.label,
        issued_at=row.issued_at,
        deadline=row.deadline,
        state=PageState(row.state),
        resolved_at=row.resolved_at,
        page_event_id=row.page_event_id,
        dm_room_id=row.dm_room_id,
    )


async def steps_and_pages(session: AsyncSession, event_id: str) -> tuple[list[Step], list[Page]]:
    steps = await session.scalars(
        select(StepRow).where(StepRow.event_id == event_id).order_by(StepRow.idx)
    )
    pages = await session.scalars(
        select(PageRow)
        .where(PageRow.event_id == event_id)
        .order_by(PageRow.step_idx, PageRow.attempt)
    )
    return [_step(s) for s in steps], [_page(p) for p in pages]


async def steps_and_pages_by_event(
    session: AsyncSession, event_ids: list[str]
) -> dict[str, tuple[list[Step], list[Page]]]:
    """steps_and_pages for many events in two queries (start-up reads them all)."""
    found: dict[str, tuple[list[Step], list[Page]]] = {e: ([], []) for e in event_ids}
    steps = await session.scalars(
        select(StepRow).where(StepRow.event_id.in_(event_ids)).order_by(StepRow.idx)
    )
    for s in steps:
        found[s.event_id][0].append(_step(s))
    pages = await session.scalars(
        select(PageRow)
        .where(PageRow.event_id.in_(event_ids))
        .order_by(PageRow.step_idx, PageRow.attempt)
    )
    for p in pages:
        found[p.event_id][1].append(_page(p))
    return found


async def save_state(
    session: AsyncSession,
    event_id: str,
    steps: list[Step],
    pages: list[Page],
    *,
    thread_known: bool = True,
) -> dict[int, int]:
    """Write steps and pages as the core left them. Pages with negative ids are inserted
    (not yet announced nor linked to the thread unless `thread_known`); returns
    {negative id: real id}."""
    existing_steps = {
        r.idx: r for r in await session.scalars(select(StepRow).where(StepRow.event_id == event_id))
    }
    for s in steps:
        row = existing_steps.get(s.index)
        if row is None:
            row = StepRow(event_id=event_id, idx=s.index)
            session.add(row)
        row.agency = s.agency
        row.after = s.after
        row.offset_s = s.offset.total_seconds()
        row.ack_window_s = s.ack_window.total_seconds()
        row.on_no_ack = s.on_no_ack
        row.state = s.state.value
        row.released_at = s.released_at
        row.resolved_at = s.resolved_at
        row.acked_by = s.acked_by
    ids: dict[int, int] = {}
    for p in pages:
        if p.id < 0:
            new = PageRow(
                event_id=event_id,
                step_idx=p.step_index,
                attempt=p.attempt,
                target=p.target,
                label=p.label,
                issued_at=p.issued_at,
                deadline=p.deadline,
                state=p.state.value,
                resolved_at=p.resolved_at,
                announced=thread_known,
                linked=thread_known,
            )
            session.add(new)
            await session.flush()
            ids[p.id] = new.id
        else:
            page_row = await session.get(PageRow, p.id)
            if page_row is not None:
                page_row.state = p.state.value
                page_row.resolved_at = p.resolved_at
    await session.flush()
    return ids


async def page_by_event(session: AsyncSession, page_event_id: str) -> tuple[str, Page] | None:
    row = await session.scalar(select(PageRow).where(PageRow.page_event_id == page_event_id))
    return (row.event_id, _page(row)) if row else None


async def has_unrecorded_page_for(session: AsyncSession, user_id: str) -> bool:
    """True if a page to `user_id` is pending but its delivery (its event id) is not recorded
    yet: a reaction from them may be on that page."""
    found = await session.scalar(
        select(PageRow.id).where(
            PageRow.target == user_id,
            PageRow.state == PageState.PENDING.value,
            PageRow.page_event_id.is_(None),
        )
    )
    return found is not None


async def get_page(session: AsyncSession, page_id: int) -> tuple[str, Page] | None:
    row = await session.get(PageRow, page_id)
    return (row.event_id, _page(row)) if row else None


async def pending_pages_for(session: AsyncSession, user_id: str) -> list[tuple[str, Page]]:
    rows = await session.scalars(
        select(PageRow)
        .where(PageRow.target == user_id, PageRow.state == PageState.PENDING.value)
        .order_by(PageRow.issued_at)
    )
    return [(r.event_id, _page(r)) for r in rows]


async def record_page_delivery(
    session: AsyncSession, page_id: int, page_event_id: str, dm_room_id: str
) -> None:
    row = await session.get(PageRow, page_id)
    if row is not None:
        row.page_event_id = page_event_id
        row.dm_room_id = dm_room_id


async def unannounced_pages(session: AsyncSession, event_id: str) -> list[Page]:
    rows = await session.scalars(
        select(PageRow)
        .where(PageRow.event_id == event_id, PageRow.announced.is_(False))
        .order_by(PageRow.id)
    )
    return [_page(r) for r in rows]


async def unlinked_delivered_pages(session: AsyncSession, event_id: str) -> list[Page]:
    rows = await session.scalars(
        select(PageRow)
        .where(
            PageRow.event_id == event_id,
            PageRow.linked.is_(False),
            PageRow.page_event_id.is_not(None),
        )
        .order_by(PageRow.id)
    )
    return [_page(r) for r in rows]


async def mark_announced(session: AsyncSession, page_id: int) -> None:
    row = await session.get(PageRow, page_id)
    if row is not None:
        row.announced = True


async def mark_linked(session: AsyncSession, page_id: int) -> None:
    row = await session.get(PageRow, page_id)
    if row is not None:
        row.linked = True
