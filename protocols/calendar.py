"""Business hours and holidays per agency, in the agency's own timezone."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays as holidays_lib

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@lru_cache(maxsize=64)
def _holiday_calendar(country: str, subdivision: str | None) -> Any:
    return holidays_lib.country_holidays(country, subdiv=subdivision)


def validate_holiday_calendar(country: str, subdivision: str | None) -> None:
    """Raise ValueError if the `holidays` library does not know the country/subdivision."""
    try:
        _holiday_calendar(country, subdivision)
    except NotImplementedError:
        raise ValueError(f"unknown holiday country '{country}'") from None
    except Exception as err:  # the library raises its own errors for bad subdivisions
        raise ValueError(f"unknown holiday calendar {country}/{subdivision}: {err}") from None


def is_holiday(
    day: date, country: str | None, subdivision: str | None, extra: tuple[date, ...] = ()
) -> bool:
    if day in extra:
        return True
    if country is None:
        return False
    return day in _holiday_calendar(country, subdivision)


def is_business_time(
    at: datetime,
    *,
    tz: str,
    days: tuple[str, ...],
    start: time,
    end: time,
    holiday_country: str | None = None,
    holiday_subdivision: str | None = None,
    extra_closures: tuple[date, ...] = (),
) -> bool:
    """Whether `at` (aware) falls inside the business hours, on a working day that is not a
    holiday, in the timezone `tz`. `end` is exclusive."""
    local = at.astimezone(ZoneInfo(tz))
    if WEEKDAYS[local.weekday()] not in days:
        return False
    if is_holiday(local.date(), holiday_country, holiday_subdivision, extra_closures):
        return False
    return start <= local.time().replace(tzinfo=None) < end


DEFAULT_WORKDAYS = ("mon", "tue", "wed", "thu", "fri")


def add_business_days(
    start: date,
    days: int,
    *,
    workdays: tuple[str, ...] = DEFAULT_WORKDAYS,
    country: str | None = None,
    subdivision: str | None = None,
    extra_closures: tuple[date, ...] = (),
) -> date:
    """The date `days` business days after `start` (`start` itself for 0), skipping days
    that are not workdays and holidays."""
    day = start
    left = days
    while left > 0:
        day += timedelta(days=1)
        if WEEKDAYS[day.weekday()] in workdays and not is_holiday(
            day, country, subdivision, extra_closures
        ):
            left -= 1
    return day
