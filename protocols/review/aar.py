"""After-action reviews: when the debrief is due, and what the partners bring to it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from protocols.errors import UserError
from protocols.ids import UserId


class AarKind(StrEnum):
    WORKED = "worked"
    BARRIER = "barrier"
    TIMING = "timing"
    GAP = "gap"


HEADINGS = {
    AarKind.WORKED: "What worked well",
    AarKind.BARRIER: "Barriers",
    AarKind.TIMING: "Timing challenges",
    AarKind.GAP: "Data and documentation gaps",
}


def parse_kind(text: str) -> AarKind:
    try:
        return AarKind(text.lower())
    except ValueError:
        known = ", ".join(k.value for k in AarKind)
        raise UserError(f"'{text[:20]}' is not a review section (use one of: {known}).") from None


@dataclass(frozen=True, slots=True)
class AarNote:
    event_id: str
    kind: AarKind
    text: str
    by: UserId
    agency: str
    at: datetime


@dataclass(frozen=True, slots=True)
class Review:
    event_id: str
    due: datetime
    posted_at: datetime | None = None
    closed_at: datetime | None = None
    closed_by: UserId | None = None
