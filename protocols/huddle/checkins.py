"""Check-ins: the huddle's scheduled moments to go over open action items.

An active event always has one check-in *scheduled*. When its time comes the bot asks for
updates (it is then *prompted*) and the next one is scheduled by the protocol's cadence, so
a forgotten `!checkin done` never stops the rhythm. `!checkin done` records the prompted
check-in (or, before the time, the scheduled one) as held and sets the next by the cadence;
`!checkin <when>` moves the scheduled one. These functions return the rows to save.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from protocols.ids import UserId


class CheckinState(StrEnum):
    SCHEDULED = "scheduled"
    PROMPTED = "prompted"
    HELD = "held"
    # Replaced by a new time before it was held (kept for the record of older events).
    SUPERSEDED = "superseded"
    CANCELLED = "cancelled"


PENDING = frozenset({CheckinState.SCHEDULED, CheckinState.PROMPTED})


@dataclass(frozen=True, slots=True)
class Checkin:
    event_id: str
    number: int
    due: datetime
    # None: set by the cadence (at activation or after the previous check-in).
    set_by: UserId | None
    state: CheckinState = CheckinState.SCHEDULED
    prompted_at: datetime | None = None
    held_at: datetime | None = None
    held_by: UserId | None = None
    id: int | None = None


def _latest(checkins: list[Checkin], state: CheckinState) -> Checkin | None:
    return next((c for c in reversed(checkins) if c.state is state), None)


def scheduled(checkins: list[Checkin]) -> Checkin | None:
    return _latest(checkins, CheckinState.SCHEDULED)


def awaiting(checkins: list[Checkin]) -> Checkin | None:
    """The latest check-in the bot asked updates for that nobody has recorded as held."""
    return _latest(checkins, CheckinState.PROMPTED)


def _next_number(checkins: list[Checkin]) -> int:
    return max((c.number for c in checkins), default=0) + 1


def due_prompt(checkins: list[Checkin], now: datetime) -> Checkin | None:
    """The scheduled check-in whose time has come, if any."""
    current = scheduled(checkins)
    return current if current is not None and current.due <= now else None


def prompt(
    checkins: list[Checkin], current: Checkin, now: datetime, cadence: timedelta
) -> list[Checkin]:
    """`current` is prompted now, and the next is scheduled one cadence after its time
    (or after now, if the bot was down past that too)."""
    due = current.due + cadence
    if due <= now:
        due = now + cadence
    return [
        dataclasses.replace(current, state=CheckinState.PROMPTED, prompted_at=now),
        Checkin(current.event_id, _next_number(checkins), due, None),
    ]


def hold(
    checkins: list[Checkin], event_id: str, by: UserId, now: datetime, cadence: timedelta
) -> list[Checkin]:
    """Record a check-in as held by `by`: the prompted one if any, else the scheduled one
    (held early), else a new one. The next is then due one cadence from now. The first row
    returned is the one held, the last the next one scheduled."""
    target = awaiting(checkins) or scheduled(checkins)
    if target is None:
        target = Checkin(event_id, _next_number(checkins), now, by)
    held = dataclasses.replace(target, state=CheckinState.HELD, held_at=now, held_by=by)
    rest = [held if c is target else c for c in checkins]
    if held not in rest:
        rest.append(held)
    return [held, reschedule(rest, event_id, now + cadence, None)]


def reschedule(checkins: list[Checkin], event_id: str, due: datetime, by: UserId | None) -> Checkin:
    """The scheduled check-in moved to `due` (a new one if none is scheduled)."""
    current = scheduled(checkins)
    if current is None:
        return Checkin(event_id, _next_number(checkins), due, by)
    return dataclasses.replace(current, due=due, set_by=by)


def next_wakeup(checkins: list[Checkin]) -> datetime | None:
    current = scheduled(checkins)
    return current.due if current is not None else None
