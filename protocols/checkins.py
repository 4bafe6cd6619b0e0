"""Check-ins: the huddle's scheduled moments to go over open action items.

At most one check-in is pending per event: scheduled (not yet due) or prompted (the bot
asked for updates and waits for `!checkin done`). Holding one schedules the next by the
protocol's cadence; `!checkin <when>` replaces the pending one.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from .ids import UserId


class CheckinState(StrEnum):
    SCHEDULED = "scheduled"
    PROMPTED = "prompted"
    HELD = "held"
    # Replaced by a new time before it was held, or stopped because the event ended.
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


def pending(checkins: list[Checkin]) -> Checkin | None:
    return next((c for c in reversed(checkins) if c.state in PENDING), None)


def due_prompt(checkins: list[Checkin], now: datetime) -> Checkin | None:
    """The scheduled check-in whose time has come, if any."""
    current = pending(checkins)
    if current is not None and current.state is CheckinState.SCHEDULED and current.due <= now:
        return current
    return None


def next_wakeup(checkins: list[Checkin]) -> datetime | None:
    current = pending(checkins)
    if current is not None and current.state is CheckinState.SCHEDULED:
        return current.due
    return None
