"""The notification sequence and its escalation, as a pure function of rows and `now`.

A crisis event has one *step* per agency in its notification sequence (the lead agency
first) and, per step, one *page* per attempt: the on-call contact (primary, or the
after-hours contact outside business hours), then the backup, then the agency's escalation
path. `advance` returns what must happen now; `next_wakeup` says when to call it again.
Nothing here reads the clock or touches I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import StrEnum

from protocols.calendar import is_business_time
from protocols.config.schema import Agency, Protocol
from protocols.ids import UserId
from protocols.paging.crisis import ProtocolSnapshot

# A deadline handled later than this is reported as late (the bot was down or busy).
LATE_TOLERANCE = timedelta(seconds=2)


class StepState(StrEnum):
    WAITING = "waiting"
    PAGING = "paging"
    ACKNOWLEDGED = "acknowledged"
    UNREACHABLE = "unreachable"
    CANCELLED = "cancelled"


RESOLVED = frozenset({StepState.ACKNOWLEDGED, StepState.UNREACHABLE})


class PageState(StrEnum):
    PENDING = "pending"
    ACKED = "acked"
    MISSED = "missed"
    DECLINED = "declined"
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class Target:
    user_id: UserId
    label: str  # "on-call primary", "after-hours contact", "backup", "escalation 1"


@dataclass(frozen=True, slots=True)
class Step:
    index: int
    agency: str
    after: str
    offset: timedelta
    ack_window: timedelta
    on_no_ack: str
    state: StepState
    released_at: datetime | None
    resolved_at: datetime | None = None
    acked_by: UserId | None = None


@dataclass(frozen=True, slots=True)
class Page:
    id: int
    step_index: int
    attempt: int
    target: UserId
    label: str
    issued_at: datetime
    deadline: datetime
    state: PageState
    resolved_at: datetime | None = None
    page_event_id: str | None = None
    dm_room_id: str | None = None


# ---- effects ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class StepReleased:
    step_index: int
    at: datetime


@dataclass(frozen=True, slots=True)
class IssuePage:
    step_index: int
    attempt: int
    target: Target
    issued_at: datetime
    deadline: datetime
    late_by: timedelta
    # Why this attempt: None for the first page, else "no ack" or "unavailable".
    because: str | None


@dataclass(frozen=True, slots=True)
class PageMissed:
    page_id: int
    step_index: int
    at: datetime
    late_by: timedelta


@dataclass(frozen=True, slots=True)
class StepUnreachable:
    step_index: int
    at: datetime
    late_by: timedelta


@dataclass(frozen=True, slots=True)
class StepAcknowledged:
    step_index: int
    by: UserId
    at: datetime
    # From the step's first page to the ack; None when acknowledged before any page.
    response_time: timedelta | None
    pending_page_id: int | None
    was_unreachable: bool


@dataclass(frozen=True, slots=True)
class PageDeclined:
    page_id: int
    step_index: int
    by: UserId
    at: datetime


@dataclass(frozen=True, slots=True)
class StepExpedited:
    """The step is paged now rather than at its turn (its agency became the lead)."""

    step_index: int
    at: datetime


@dataclass(frozen=True, slots=True)
class StepCancelled:
    step_index: int
    at: datetime
    pending_page_id: int | None


Effect = (
    StepReleased
    | IssuePage
    | PageMissed
    | StepUnreachable
    | StepAcknowledged
    | PageDeclined
    | StepExpedited
    | StepCancelled
)


# ---- planning ---------------------------------------------------------------------------


def plan_steps(protocol: Protocol, lead: str, activated_at: datetime) -> list[Step]:
    """The event's steps: the lead agency first (paged at activation), then the others in
    the protocol's order with their own timing."""
    lead_step = protocol.step_for(lead)
    if lead_step is None:
        raise ValueError(f"lead {lead} is not in the sequence of {protocol.id}")
    ordered = [lead_step] + [s for s in protocol.sequence if s.agency != lead]
    steps: list[Step] = []
    for i, s in enumerate(ordered):
        after = "activation" if i == 0 else s.after
        offset = timedelta(0) if i == 0 else s.offset
        steps.append(
            Step(
                index=i,
                agency=s.agency,
                after=after,
                offset=offset,
                ack_window=s.ack_window,
                on_no_ack=s.on_no_ack,
                state=StepState.WAITING,
                released_at=activated_at if after == "activation" else None,
            )
        )
    return steps


def in_business_hours(agency: Agency, at: datetime, default_tz: str) -> bool:
    hours = agency.business_hours
    if hours is None:
        return True
    cal = agency.holidays
    return is_business_time(
        at,
        tz=agency.timezone or default_tz,
        days=hours.days,
        start=hours.start,
        end=hours.end,
        holiday_country=cal.country if cal else None,
        holiday_subdivision=cal.subdivision if cal else None,
        extra_closures=cal.extra_closures if cal else (),
    )


def contact_chain(
    agency: Agency, at: datetime, default_tz: str, on_no_ack: str = "escalate"
) -> list[Target]:
    """Who is paged, in order, for a step whose first page goes out at `at`."""
    if agency.after_hours_contact is not None and not in_business_hours(agency, at, default_tz):
        first = Target(UserId(agency.after_hours_contact.matrix_id), "after-hours contact")
    else:
        first = Target(UserId(agency.primary.matrix_id), "on-call primary")
    chain = [first]
    if on_no_ack != "escalate":
        return chain
    if agency.backup is not None:
        chain.append(Target(UserId(agency.backup.matrix_id), "backup"))
    for n, user in enumerate(agency.escalation, start=1):
        chain.append(Target(UserId(user), f"escalation {n}"))
    seen: set[str] = set()
    unique: list[Target] = []
    for t in chain:
        if t.user_id not in seen:
            seen.add(t.user_id)
            unique.append(t)
    return unique


def _release_time(step: Step, steps: dict[int, Step]) -> datetime | None:
    if step.released_at is not None:
        return step.released_at
    if step.after == "previous_ack" and step.index > 0:
        prev = steps[step.index - 1]
        if prev.state in RESOLVED:
            return prev.resolved_at
    return None


def advance(
    steps: list[Step], pages: list[Page], now: datetime, snapshot: ProtocolSnapshot
) -> list[Effect]:
    """Everything due at `now`: releases, first pages, misses, escalations, unreachables.
    Runs until nothing changes, since one step's ack or release can release the next."""
    by_index = {s.index: s for s in steps}
    by_step: dict[int, list[Page]] = {s.index: [] for s in steps}
    for p in sorted(pages, key=lambda p: (p.step_index, p.attempt)):
        by_step[p.step_index].append(p)
    effects: list[Effect] = []
    progress = True
    while progress:
        progress = False
        for idx in sorted(by_index):
            state = by_index[idx].state
            if state is StepState.WAITING:
                progress |= _release_and_page(idx, by_index, by_step, now, snapshot, effects)
            elif state is StepState.PAGING:
                progress |= _escalate(idx, by_index, by_step, now, snapshot, effects)
    return effects


def _release_and_page(
    idx: int,
    by_index: dict[int, Step],
    by_step: dict[int, list[Page]],
    now: datetime,
    snapshot: ProtocolSnapshot,
    effects: list[Effect],
) -> bool:
    """A waiting step is released once what it waits for happened, and paged once its
    offset has passed. Returns True if anything changed."""
    step = by_index[idx]
    released = _release_time(step, by_index)
    if released is None:
        return False
    changed = False
    if step.released_at is None:
        effects.append(StepReleased(idx, released))
        step = replace(step, released_at=released)
        by_index[idx] = step
        changed = True
    due = released + step.offset
    if due > now:
        return changed
    chain = contact_chain(snapshot.agency(step.agency), now, snapshot.timezone, step.on_no_ack)
    issue = IssuePage(idx, 1, chain[0], now, now + step.ack_window, now - due, None)
    effects.append(issue)
    by_step[idx].append(page_of(issue))
    by_index[idx] = replace(step, state=StepState.PAGING)
    return True


def _escalate(
    idx: int,
    by_index: dict[int, Step],
    by_step: dict[int, list[Page]],
    now: datetime,
    snapshot: ProtocolSnapshot,
    effects: list[Effect],
) -> bool:
    """A paging step whose current page was missed or declined pages the next contact of
    its chain, or is unreachable at the chain's end. Returns True if anything changed."""
    step = by_index[idx]
    current = by_step[idx][-1]
    if current.state is PageState.PENDING and current.deadline <= now:
        effects.append(PageMissed(current.id, idx, now, now - current.deadline))
        by_step[idx][-1] = replace(current, state=PageState.MISSED, resolved_at=now)
        because, late_by = "no ack", now - current.deadline
    elif current.state is PageState.DECLINED:
        because, late_by = "unavailable", timedelta(0)
    else:
        return False
    agency = snapshot.agency(step.agency)
    # The chain is fixed when the step was first paged (business hours then).
    chain = contact_chain(agency, by_step[idx][0].issued_at, snapshot.timezone, step.on_no_ack)
    if current.attempt < len(chain):
        issue = IssuePage(
            idx, current.attempt + 1, chain[current.attempt], now, now + step.ack_window,
            late_by, because,
        )  # fmt: skip
        effects.append(issue)
        by_step[idx].append(page_of(issue))
    else:
        effects.append(StepUnreachable(idx, now, late_by))
        by_index[idx] = replace(step, state=StepState.UNREACHABLE, resolved_at=now)
    return True


def page_of(issue: IssuePage) -> Page:
    # A stand-in for the row the caller will insert; its id is never used for a miss, as a
    # page issued at `now` cannot also expire at `now`.
    return Page(
        -1,
        issue.step_index,
        issue.attempt,
        issue.target.user_id,
        issue.target.label,
        issue.issued_at,
        issue.deadline,
        PageState.PENDING,
    )


def next_wakeup(steps: list[Step], pages: list[Page]) -> datetime | None:
    """When `advance` next has something to do, or None if nothing is pending."""
    by_index = {s.index: s for s in steps}
    latest: dict[int, Page] = {}
    for p in pages:
        if p.step_index not in latest or p.attempt > latest[p.step_index].attempt:
            latest[p.step_index] = p
    times: list[datetime] = []
    for step in steps:
        if step.state is StepState.WAITING:
            released = _release_time(step, by_index)
            if released is not None:
                times.append(released + step.offset)
        elif step.state is StepState.PAGING:
            current = latest.get(step.index)
            if current is not None and current.state is PageState.PENDING:
                times.append(current.deadline)
            elif current is not None and current.state is PageState.DECLINED:
                times.append(current.resolved_at or current.issued_at)
    return min(times) if times else None


# ---- what people do ---------------------------------------------------------------------
