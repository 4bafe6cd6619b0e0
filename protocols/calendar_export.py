"""The shared cross-training calendar as iCalendar (RFC 5545) events: meetings, trainings
and after-action reviews, with stable ids and no location (a location could reveal a
shelter). Pure: items in, VEVENT data out; bot/ics.py writes it with the icalendar
library."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True, slots=True)
class CalendarItem:
    uid: str  # stable across exports: the same item is the same event in a calendar app
    summary: str
    starts_at: datetime
    ends_at: datetime
    description: str
    category: str  # meeting, training, review
