"""Timeline entries: every page, ack, miss, escalation and decision of an event, in order."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class EntryKind(StrEnum):
    ACTIVATED = "activated"
    PAGED = "paged"
    ACKNOWLEDGED = "acknowledged"
    MISSED = "missed"
    UNAVAILABLE = "unavailable"
    UNREACHABLE = "unreachable"
    LEAD_CHANGED = "lead_changed"
    CANCELLED = "cancelled"
    DECISION = "decision"
    NOTE = "note"
    ACTION = "action"
    REMINDER = "reminder"
    CHECKIN = "checkin"
    CLOSED = "closed"
    REVIEW = "review"
    REFERRAL = "referral"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    event_id: str
    at: datetime
    kind: EntryKind
    text: str
    agency: str | None = None
    actor: str | None = None
    id: int | None = None
