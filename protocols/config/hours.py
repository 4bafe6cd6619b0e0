"""An agency's working time: business hours and the holiday calendar its business days
skip (paging after hours, referral deadlines in business days)."""

from __future__ import annotations

from datetime import date, time
from typing import Annotated

from pydantic import Field, field_validator, model_validator

from protocols.calendar import WEEKDAYS, validate_holiday_calendar
from protocols.config.types import Frozen as _Frozen


class BusinessHours(_Frozen):
    days: Annotated[tuple[str, ...], Field(min_length=1)] = ("mon", "tue", "wed", "thu", "fri")
    start: time
    end: time

    @field_validator("days")
    @classmethod
    def _days(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [d for d in value if d not in WEEKDAYS]
        if bad:
            raise ValueError(f"unknown day {bad[0]!r} (use {', '.join(WEEKDAYS)})")
        return value

    @model_validator(mode="after")
    def _order(self) -> BusinessHours:
        if self.end <= self.start:
            raise ValueError("end must be after start")
        return self


class HolidayCalendar(_Frozen):
    """A calendar of the `holidays` library (country and optional subdivision), plus dates
    the agency is closed for its own reasons."""

    country: Annotated[str, Field(min_length=2, max_length=3)]
    subdivision: str | None = None
    extra_closures: tuple[date, ...] = ()

    @model_validator(mode="after")
    def _known(self) -> HolidayCalendar:
        validate_holiday_calendar(self.country, self.subdivision)
        return self
