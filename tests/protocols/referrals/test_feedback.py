"""Feedback deadlines in the receiving agency's business days, across a weekend and a
holiday, in two agencies' timezones; and the reminder ladder."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from protocols.config.schema import Agency
from protocols.referrals.feedback import Rung, feedback_due, next_rung_at, rung_due
from protocols.referrals.lifecycle import Urgency

CHICAGO_ZONE = ZoneInfo("America/Chicago")
BERLIN_ZONE = ZoneInfo("Europe/Berlin")
CONTACT = {"name": "A", "role": "Staff", "matrix_id": "@a:hs"}


def agency(tz: str, **extra: object) -> Agency:
    return Agency.model_validate(
        {
            "code": "SHELTER",
            "name": "Shelter",
            "kind": "shelter",
            "after_hours": "line",
            "primary": CONTACT,
            "timezone": tz,
            "business_hours": {"start": "09:00", "end": "17:00"},
            **extra,
        }
    )


CHICAGO = agency("America/Chicago", holidays={"country": "US"})
BERLIN = agency("Europe/Berlin", holidays={"country": "DE", "subdivision": "BE"})


def utc(year: int, month: int, day: int, hour: int) -> datetime:
    return datetime(year, month, day, hour, tzinfo=UTC)


def test_standard_referrals_count_business_days_over_a_weekend_and_a_holiday() -> None:
    # Tue 22 Dec 2026, 10:00 Chicago: 3 business days skip Christmas (Fri 25) and the
    # weekend: Wed 23, Thu 24, Mon 28, at the end of the day there.
    due = feedback_due(utc(2026, 12, 22, 16), Urgency.STANDARD, CHICAGO, "UTC")
    assert due.astimezone(CHICAGO_ZONE) == datetime(2026, 12, 28, 17, tzinfo=CHICAGO_ZONE)
    # The same moment in Berlin is 17:00, after hours: it arrives Wed 23. Thu 24 is a
    # working day there, Fri 25 and Sat 26 are holidays: Thu 24, Mon 28, Tue 29.
    due = feedback_due(utc(2026, 12, 22, 16), Urgency.STANDARD, BERLIN, "UTC")
    assert due.astimezone(BERLIN_ZONE) == datetime(2026, 12, 29, 17, tzinfo=BERLIN_ZONE)


def test_priority_is_the_next_business_day_and_urgent_is_hours() -> None:
    friday_evening = utc(2026, 12, 4, 23)  # 17:00 in Chicago: after hours
    due = feedback_due(friday_evening, Urgency.PRIORITY, CHICAGO, "UTC")
    # Arrives Monday 7th; one business day on: Tuesday 8th, 17:00.
    assert due.astimezone(CHICAGO_ZONE) == datetime(2026, 12, 8, 17, tzinfo=CHICAGO_ZONE)
    assert feedback_due(friday_evening, Urgency.URGENT, CHICAGO, "UTC") == friday_evening + (
        timedelta(hours=4)
    )


def test_the_ladder_contact_then_supervisor_then_referrer_each_once() -> None:
    due = datetime(2026, 12, 24, 17, tzinfo=CHICAGO_ZONE)  # Thu, before Christmas
    assert rung_due(due, Rung.NONE, CHICAGO, "UTC", due - timedelta(minutes=1)) is Rung.NONE
    assert rung_due(due, Rung.NONE, CHICAGO, "UTC", due) is Rung.CONTACT
    assert rung_due(due, Rung.CONTACT, CHICAGO, "UTC", due + timedelta(hours=2)) is Rung.NONE
    # The next business day is Mon 28 (Fri 25 is Christmas), then Tue 29.
    monday_end = datetime(2026, 12, 28, 17, tzinfo=CHICAGO_ZONE)
    assert rung_due(due, Rung.CONTACT, CHICAGO, "UTC", monday_end) is Rung.SUPERVISOR
    tuesday_end = datetime(2026, 12, 29, 17, tzinfo=CHICAGO_ZONE)
    assert rung_due(due, Rung.CONTACT, CHICAGO, "UTC", tuesday_end) is Rung.REFERRER
    assert rung_due(due, Rung.REFERRER, CHICAGO, "UTC", tuesday_end + timedelta(days=9)) is (
        Rung.NONE
    )


def test_a_closed_day_of_the_agencys_own_moves_the_deadline() -> None:
    closed = agency(
        "America/Chicago",
        holidays={"country": "US", "extra_closures": [date(2026, 12, 2).isoformat()]},
    )
    due = feedback_due(utc(2026, 12, 1, 15), Urgency.PRIORITY, closed, "UTC")
    assert due.astimezone(CHICAGO_ZONE).date() == date(2026, 12, 3)
    assert due.astimezone(CHICAGO_ZONE).time() == time(17, 0)


def test_an_urgent_ladder_climbs_by_its_step_not_by_business_days() -> None:
    due = datetime(2026, 12, 5, 3, 0, tzinfo=UTC)  # a Friday night, Chicago: closed
    step = timedelta(hours=1)
    assert rung_due(due, Rung.NONE, CHICAGO, "UTC", due, step) is Rung.CONTACT
    at = due + timedelta(minutes=59)
    assert rung_due(due, Rung.CONTACT, CHICAGO, "UTC", at, step) is Rung.NONE
    at = due + step
    assert rung_due(due, Rung.CONTACT, CHICAGO, "UTC", at, step) is Rung.SUPERVISOR
    at = due + 2 * step
    assert rung_due(due, Rung.SUPERVISOR, CHICAGO, "UTC", at, step) is Rung.REFERRER
    assert next_rung_at(due, Rung.CONTACT, CHICAGO, "UTC", step) == due + step
    assert next_rung_at(due, Rung.REFERRER, CHICAGO, "UTC", step) is None
