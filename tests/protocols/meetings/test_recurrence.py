"""Meeting recurrence: RFC 5545 rules on the coalition's wall clock, across DST and month
ends; refusals."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from protocols.errors import UserError
from protocols.meetings.recurrence import occurrences, parse_when, rule_for

TZ = "America/Chicago"
CHI = ZoneInfo(TZ)
FROM = datetime(2026, 1, 1, tzinfo=UTC)
TO = datetime(2027, 12, 31, tzinfo=UTC)


def local(times: list[datetime]) -> list[str]:
    return [t.astimezone(CHI).strftime("%Y-%m-%d %H:%M %Z") for t in times]


def test_weekly_keeps_the_local_hour_across_both_dst_changes() -> None:
    start = parse_when("2026-10-27 10:00", TZ)
    found = local(occurrences(rule_for("weekly", start), start, FROM, TO))
    assert found[:2] == ["2026-10-27 10:00 CDT", "2026-11-03 10:00 CST"]
    assert "2027-03-09 10:00 CST" in found and "2027-03-16 10:00 CDT" in found
    assert all(t.split()[1] == "10:00" for t in found)
    # The UTC hour moves with DST, so the local one does not.
    utc = occurrences(rule_for("weekly", start), start, FROM, TO)
    assert (utc[0].hour, utc[1].hour) == (15, 16)


def test_monthly_is_the_same_weekday_of_the_month() -> None:
    start = parse_when("2026-12-08 10:00", TZ)  # the second Tuesday
    assert rule_for("monthly", start) == "FREQ=MONTHLY;BYDAY=+2TU"
    found = occurrences(rule_for("monthly", start), start, FROM, TO)
    assert [t.astimezone(CHI).date() for t in found[:4]] == [
        date(2026, 12, 8), date(2027, 1, 12), date(2027, 2, 9), date(2027, 3, 9),
    ]  # fmt: skip


def test_month_ends_a_fifth_weekday_becomes_the_last() -> None:
    start = parse_when("2026-12-29 09:30", TZ)  # the fifth Tuesday of December
    assert rule_for("monthly", start) == "FREQ=MONTHLY;BYDAY=-1TU"
    found = occurrences(rule_for("monthly", start), start, FROM, TO)
    # February 2027 has four Tuesdays: the last one, never a skipped month.
    assert [t.astimezone(CHI).date() for t in found[:3]] == [
        date(2026, 12, 29), date(2027, 1, 26), date(2027, 2, 23),
    ]  # fmt: skip
    last_day = rule_for("FREQ=MONTHLY;BYMONTHDAY=-1", start)
    days = [t.astimezone(CHI).date() for t in occurrences(last_day, start, FROM, TO)[:3]]
    assert days == [date(2026, 12, 31), date(2027, 1, 31), date(2027, 2, 28)]


def test_quarterly_biweekly_until_and_a_single_meeting() -> None:
    start = parse_when("2026-12-08 10:00", TZ)
    quarterly = occurrences(rule_for("quarterly", start), start, FROM, TO)
    assert [t.astimezone(CHI).date() for t in quarterly[:3]] == [
        date(2026, 12, 8), date(2027, 3, 9), date(2027, 6, 8),
    ]  # fmt: skip
    biweekly = occurrences(rule_for("biweekly", start), start, FROM, TO, until=date(2027, 1, 5))
    assert [t.astimezone(CHI).date() for t in biweekly] == [date(2026, 12, 8), date(2026, 12, 22),
                                                          date(2027, 1, 5)]  # fmt: skip
    assert local(occurrences(None, start, FROM, TO)) == ["2026-12-08 10:00 CST"]


@pytest.mark.parametrize(
    ("every", "why"),
    [
        ("fortnightly", "--every is weekly, biweekly, monthly, quarterly or an RRULE"),
        ("FREQ=HOURLY", "--every is weekly"),
        ("FREQ=WEEKLY;BYDAY=XX", "That RRULE does not parse"),
    ],
)
def test_refusals(every: str, why: str) -> None:
    with pytest.raises(UserError, match=why):
        rule_for(every, parse_when("2026-12-08 10:00", TZ))
    with pytest.raises(UserError, match="is not a date and time"):
        parse_when("next tuesday", TZ)
