"""The after-action review date: business days on the lead agency's calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

from protocols.calendar import add_business_days
from protocols.review.schedule import review_due
from tests.protocols.coalition import config


def test_business_days_skip_weekends() -> None:
    thursday = date(2026, 12, 3)
    assert add_business_days(thursday, 1) == date(2026, 12, 4)  # Friday
    assert add_business_days(thursday, 2) == date(2026, 12, 7)  # Monday
    assert add_business_days(thursday, 0) == thursday


def test_business_days_skip_holidays_of_the_calendar() -> None:
    # Wed 23 Dec 2026 + 2 business days: Thu 24 (no federal holiday), Fri 25 Christmas off,
    # so Mon 28.
    assert add_business_days(date(2026, 12, 23), 2, country="US") == date(2026, 12, 28)
    # Thanksgiving Thu 26 Nov 2026, and in Texas the Friday after too.
    wed = date(2026, 11, 25)
    assert add_business_days(wed, 1, country="US") == date(2026, 11, 27)
    assert add_business_days(wed, 1, country="US", subdivision="TX") == date(2026, 11, 30)
    assert add_business_days(wed, 1, extra_closures=(date(2026, 11, 26), date(2026, 11, 27))) == (
        date(2026, 11, 30)
    )


def test_review_due_uses_the_lead_agency_calendar_time_and_zone() -> None:
    cfg = config()
    proto = cfg.protocols[0]
    hosp = cfg.agency("HOSP")
    assert hosp is not None
    # Closed Wed 25 Nov 2026 15:00 Chicago; HOSP follows the Texas calendar. Five business
    # days: Mon 30, Tue 1, Wed 2, Thu 3, Fri 4 Dec; posted at 09:00 local (CST, UTC-6).
    closed = datetime(2026, 11, 25, 21, 0, tzinfo=UTC)
    window = proto.model_copy(update={"review_window_business_days": 5})
    assert review_due(closed, window, hosp, "America/Chicago") == datetime(
        2026, 12, 4, 15, 0, tzinfo=UTC
    )


def test_a_zero_day_window_is_never_before_closing() -> None:
    cfg = config()
    hosp = cfg.agency("HOSP")
    assert hosp is not None
    same_day = cfg.protocols[0].model_copy(update={"review_window_business_days": 0})
    morning = datetime(2026, 12, 1, 14, 0, tzinfo=UTC)  # 08:00 local: before 09:00
    assert review_due(morning, same_day, hosp, "America/Chicago") == datetime(
        2026, 12, 1, 15, 0, tzinfo=UTC
    )
    evening = datetime(2026, 12, 1, 23, 0, tzinfo=UTC)
    assert review_due(evening, same_day, hosp, "America/Chicago") == evening
