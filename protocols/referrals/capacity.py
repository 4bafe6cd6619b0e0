"""Capacity: an agency's (or one of its programs') last word on taking referrals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Availability(StrEnum):
    OPEN = "open"
    WAITLIST = "waitlist"
    FULL = "full"


class Band(StrEnum):
    """How long the waitlist is."""

    UNDER_1M = "under-1m"
    ONE_TO_3M = "1-3m"
    OVER_3M = "over-3m"


@dataclass(frozen=True, slots=True)
class Capacity:
    agency: str
    program: str | None
    state: Availability
    band: Band | None
    note: str | None
    by: str
    at: datetime

    @property
    def where(self) -> str:
        return f"{self.agency}/{self.program}" if self.program else self.agency

    def said(self) -> str:
        state = f"waitlist ({self.band.value})" if self.band else self.state.value
        return state + (f": {self.note}" if self.note else "")
