"""Check-ins: prompting keeps the cadence, holding records the right one, moving one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from protocols.huddle.checkins import (
    Checkin,
    CheckinState,
    awaiting,
    due_prompt,
    hold,
    next_wakeup,
    prompt,
    reschedule,
    scheduled,
)
from protocols.ids import UserId

T0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
CADENCE = timedelta(minutes=30)
EV = "CE-2026-0001"
COORD = UserId("@coord:hs")


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def test_prompting_schedules_the_next_by_the_cadence() -> None:
    rows = [Checkin(EV, 1, m(30), None, id=1)]
    assert due_prompt(rows, m(29)) is None
    current = due_prompt(rows, m(30))
    assert current is not None
    prompted, nxt = prompt(rows, current, m(30), CADENCE)
    assert (prompted.state, prompted.prompted_at) == (CheckinState.PROMPTED, m(30))
    assert (nxt.number, nxt.due, nxt.state) == (2, m(60), CheckinState.SCHEDULED)
    # Late (the bot was down past the next one too): the next is a cadence from now.
    _, late = prompt(rows, current, m(75), CADENCE)
    assert late.due == m(105)


def test_hold_records_the_prompted_one_and_moves_the_next() -> None:
    rows = [
        Checkin(EV, 1, m(30), None, CheckinState.PROMPTED, m(30), id=1),
        Checkin(EV, 2, m(60), None, id=2),
    ]
    assert awaiting(rows) == rows[0] and scheduled(rows) == rows[1]
    held, nxt = hold(rows, EV, COORD, m(40), CADENCE)
    assert (held.id, held.state, held.held_at, held.held_by) == (1, CheckinState.HELD, m(40), COORD)
    assert (nxt.id, nxt.number, nxt.due) == (2, 2, m(70))


def test_hold_before_the_time_holds_the_scheduled_one_early() -> None:
    rows = [Checkin(EV, 1, m(30), None, id=1)]
    held, nxt = hold(rows, EV, COORD, m(10), CADENCE)
    assert (held.id, held.number, held.state) == (1, 1, CheckinState.HELD)
    assert (nxt.id, nxt.number, nxt.due) == (None, 2, m(40))


def test_hold_with_nothing_set_records_an_ad_hoc_one() -> None:
    held, nxt = hold([], EV, COORD, m(5), CADENCE)
    assert (held.number, held.due, held.set_by, held.state) == (1, m(5), COORD, CheckinState.HELD)
    assert (nxt.number, nxt.due) == (2, m(35))


def test_reschedule_moves_the_scheduled_one_keeping_its_number() -> None:
    rows = [Checkin(EV, 1, m(30), None, id=1)]
    moved = reschedule(rows, EV, m(12), COORD)
    assert (moved.id, moved.number, moved.due, moved.set_by) == (1, 1, m(12), COORD)
    assert next_wakeup([moved]) == m(12)
    assert next_wakeup([Checkin(EV, 1, m(30), None, CheckinState.HELD)]) is None
