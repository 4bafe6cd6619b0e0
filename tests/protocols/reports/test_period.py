"""Report periods: rolling days and weeks, and calendar months, quarters and years in the
coalition's timezone."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from protocols.errors import UserError
from protocols.reports.period import check_period_text, parse_period

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TZ = "America/Chicago"


def test_rolling_days_and_weeks_end_now() -> None:
    p = parse_period("30d", NOW, TZ)
    assert (p.start, p.end) == (datetime(2026, 11, 1, 12, 0, tzinfo=UTC), NOW)
    assert p.label == "the last 30d to 2026-12-01"
    assert parse_period("2W", NOW, TZ).start == datetime(2026, 11, 17, 12, 0, tzinfo=UTC)


def test_a_month_is_the_coalitions_month_across_a_dst_change() -> None:
    p = parse_period("2026-11", NOW, TZ)
    # 1 November 00:00 CDT (UTC-5) to 1 December 00:00 CST (UTC-6).
    assert p.start == datetime(2026, 11, 1, 5, 0, tzinfo=UTC)
    assert p.end == datetime(2026, 12, 1, 6, 0, tzinfo=UTC)
    assert p.label == "2026-11"


def test_quarters_and_years_and_an_unfinished_one_ends_now() -> None:
    q3 = parse_period("2026-q3", NOW, TZ)
    assert (q3.start, q3.end) == (
        datetime(2026, 7, 1, 5, 0, tzinfo=UTC),
        datetime(2026, 10, 1, 5, 0, tzinfo=UTC),
    )
    assert q3.label == "2026-Q3"
    year = parse_period("2026", NOW, TZ)
    assert (year.start, year.end) == (datetime(2026, 1, 1, 6, 0, tzinfo=UTC), NOW)
    assert parse_period("2026-Q4", NOW, TZ).end == NOW


@pytest.mark.parametrize(
    ("text", "why"),
    [
        ("last month", "is not a period: say 30d, 12w"),
        ("2026-13", "has no month 13"),
        ("2027-01", "2027-01 has not begun yet"),
        ("0d", "a period is 1 day to 10 years long"),
        ("9999w", "a period is 1 day to 10 years long"),
    ],
)
def test_refusals_name_the_shapes(text: str, why: str) -> None:
    with pytest.raises(UserError, match=why):
        parse_period(text, NOW, TZ)


def test_the_configured_default_is_checked_by_shape() -> None:
    assert check_period_text("2026-Q1") == "2026-Q1"
    with pytest.raises(ValueError, match="not a period"):
        check_period_text("quarterly")
