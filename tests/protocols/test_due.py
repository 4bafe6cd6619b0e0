"""Due times typed in the huddle, read in the coalition's timezone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from protocols.due import describe_due, parse_due, take_due
from protocols.errors import UserError

CHI = "America/Chicago"


def utc(year: int, month: int, day: int, hour: int, minute: int) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


# 2026-12-01 10:00 in Chicago (CST, UTC-6).
NOW = utc(2026, 12, 1, 16, 0)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("30m", utc(2026, 12, 1, 16, 30)),
        ("2h", utc(2026, 12, 1, 18, 0)),
        ("1h30m", utc(2026, 12, 1, 17, 30)),
        ("15:30", utc(2026, 12, 1, 21, 30)),
        ("tomorrow 09:00", utc(2026, 12, 2, 15, 0)),
        ("TOMORROW 9:05", utc(2026, 12, 2, 15, 5)),
        ("2026-12-02T09:00", utc(2026, 12, 2, 15, 0)),
        ("2026-12-02 09:00", utc(2026, 12, 2, 15, 0)),
        ("2026-12-02T09:00:00+00:00", utc(2026, 12, 2, 9, 0)),
        ("2026-12-02T09:00Z", utc(2026, 12, 2, 9, 0)),
    ],
)
def test_accepted_forms(text: str, expected: datetime) -> None:
    assert parse_due(text, NOW, CHI) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("09:30", "09:30 has already passed today (America/Chicago); say 'tomorrow 09:30'"),
        ("0m", "'0m' is not in the future."),
        ("soon", "'soon' is not a due time (use 30m, 2h, 15:30, tomorrow 09:00"),
        ("tomorrow noon", "'tomorrow noon' is not a due time"),
        ("2026-12-02", "'2026-12-02' has no time of day; add one, as in 2026-12-02T09:00."),
        ("2026-11-30T09:00", "'2026-11-30T09:00' is not in the future."),
        ("2028-01-01T09:00", "is more than a year away"),
        ("25:00", "is not a due time"),
    ],
)
def test_refusals_say_why(text: str, message: str) -> None:
    with pytest.raises(UserError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_due(text, NOW, CHI)


def test_tomorrow_across_midnight_is_the_local_tomorrow() -> None:
    # 23:50 local on 1 Dec is already 2 Dec in UTC; "tomorrow" is still 2 Dec locally.
    late = utc(2026, 12, 2, 5, 50)
    assert parse_due("tomorrow 08:00", late, CHI) == utc(2026, 12, 2, 14, 0)
    # And just after local midnight, "tomorrow" is the 3rd and 00:10 is today.
    after = utc(2026, 12, 2, 6, 5)
    assert parse_due("tomorrow 08:00", after, CHI) == utc(2026, 12, 3, 14, 0)
    assert parse_due("00:10", after, CHI) == utc(2026, 12, 2, 6, 10)


def test_dst_start_wall_times_and_the_missing_hour() -> None:
    # US DST starts Sun 8 Mar 2026, 02:00 → 03:00 in Chicago.
    saturday = utc(2026, 3, 7, 18, 0)  # 12:00 CST
    assert parse_due("tomorrow 09:00", saturday, CHI) == utc(2026, 3, 8, 14, 0)  # CDT
    # 24h of duration is not the same as "tomorrow" at the same wall time.
    assert parse_due("24h", saturday, CHI) == utc(2026, 3, 8, 18, 0)
    with pytest.raises(UserError, match="does not exist in America/Chicago on 2026-03-08"):
        parse_due("tomorrow 02:30", saturday, CHI)


def test_dst_end_ambiguous_time_is_its_first_occurrence() -> None:
    # DST ends Sun 1 Nov 2026, 02:00 CDT → 01:00 CST: 01:30 happens twice.
    saturday = utc(2026, 10, 31, 17, 0)
    assert parse_due("tomorrow 01:30", saturday, CHI) == utc(2026, 11, 1, 6, 30)  # CDT
    assert parse_due("tomorrow 09:00", saturday, CHI) == utc(2026, 11, 1, 15, 0)  # CST


def test_take_due_splits_the_due_words_from_the_text() -> None:
    assert take_due("tomorrow 09:00 call the court") == ("tomorrow 09:00", "call the court")
    assert take_due("30m hold the bed") == ("30m", "hold the bed")
    assert take_due("15:30") == ("15:30", "")
    assert take_due("") == ("", "")


def test_describe_due_today_tomorrow_and_overdue() -> None:
    assert describe_due(utc(2026, 12, 1, 16, 25), NOW, CHI) == "10:25 (in 25m00s)"
    assert describe_due(utc(2026, 12, 2, 15, 0), NOW, CHI) == "Wed 2 Dec 09:00 (in 23h00m)"
    assert describe_due(NOW - timedelta(minutes=5), NOW, CHI) == (
        "overdue by 5m00s (was due 09:55)"
    )
