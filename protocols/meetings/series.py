"""Meeting series and their occurrences (the seed's regular meeting structure). A series
has a type, a title, a first start on the coalition's wall clock and a recurrence; each
occurrence is a durable row with its own deadlines: the agenda post, the minutes due, and
the minutes' approval."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from protocols.errors import UserError
from protocols.meetings.snapshot import CoalitionSnapshot


class MeetingKind(StrEnum):
    STRATEGIC = "strategic"
    OPERATIONAL = "operational"
    TECHNICAL = "technical"
    WORKING_GROUP = "working-group"


PURPOSE = {
    MeetingKind.STRATEGIC: "policies, system performance and partnership agreements",
    MeetingKind.OPERATIONAL: "patterns in coordination, process issues and anonymized trends",
    MeetingKind.TECHNICAL: "data standards, reporting timelines and shared tools",
    MeetingKind.WORKING_GROUP: "a time-limited initiative",
}


class OccurrenceState(StrEnum):
    SCHEDULED = "scheduled"
    SKIPPED = "skipped"
    CANCELLED = "cancelled"


class MinutesState(StrEnum):
    NONE = "none"
    TAKING = "taking"
    CIRCULATED = "circulated"
    APPROVED = "approved"
    OBJECTED = "objected"


@dataclass(frozen=True, slots=True)
class Series:
    id: int
    kind: MeetingKind
    title: str
    start: datetime  # the first occurrence, aware, on the coalition's wall clock
    rule: str | None
    until: date | None
    chair: str | None  # a Matrix id
    room_id: str
    note_taker: str | None  # a fixed agency; None: rotation
    created_by: str
    created_at: datetime
    snapshot: CoalitionSnapshot
    cancelled_at: datetime | None = None

    @property
    def label(self) -> str:
        return f"M-{self.id}"


@dataclass(frozen=True, slots=True)
class Occurrence:
    key: str  # M-<series>.<YYYYMMDD>: the deadline key and the minutes' home
    series_id: int
    starts_at: datetime
    agenda_at: datetime
    state: OccurrenceState = OccurrenceState.SCHEDULED
    agenda_posted_at: datetime | None = None
    root_event_id: str | None = None  # the agenda's event: the meeting's thread
    note_taker: str | None = None  # the agency taking the minutes
    minutes: MinutesState = MinutesState.NONE
    minutes_due: datetime | None = None
    late_rung: int = 0  # 1: the note-taker reminded, 2: the chair
    minutes_posted_at: datetime | None = None
    minutes_event_id: str | None = None
    approval_due: datetime | None = None


_KEY = re.compile(r"^M-(\d{1,6})\.(\d{8})$")
_SERIES = re.compile(r"^M-(\d{1,6})$")


def occurrence_key(series_id: int, starts_local: datetime) -> str:
    return f"M-{series_id}.{starts_local:%Y%m%d}"


def parse_series_id(text: str) -> int:
    m = _SERIES.match(text.strip().upper())
    if m is None:
        raise UserError(f"'{text[:16]}' is not a meeting series: they read M-n.")
    return int(m[1])


def new_occurrence(series: Series, starts_at: datetime, local_day: datetime,
                   agenda_before: timedelta) -> Occurrence:  # fmt: skip
    return Occurrence(
        key=occurrence_key(series.id, local_day), series_id=series.id, starts_at=starts_at,
        agenda_at=starts_at - agenda_before,
    )  # fmt: skip
