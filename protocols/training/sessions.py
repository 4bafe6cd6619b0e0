"""Cross-training sessions (the seed's cross-training guidelines): a host agency, a format,
a time; RSVPs per agency by reaction; feedback after the session; the topics it suggests,
ranked; and which agencies have trained with which."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from protocols.errors import UserError
from protocols.meetings.snapshot import CoalitionSnapshot


class TrainingFormat(StrEnum):
    ORIENTATION = "orientation"
    JOINT = "joint"
    SHADOWING = "shadowing"
    VIRTUAL = "virtual"


class Rsvp(StrEnum):
    GOING = "going"
    NOT = "not"
    MAYBE = "maybe"


# The reactions that answer an invitation.
RSVP_KEYS = {"✅": Rsvp.GOING, "✔️": Rsvp.GOING, "❌": Rsvp.NOT, "❔": Rsvp.MAYBE, "❓": Rsvp.MAYBE}


@dataclass(frozen=True, slots=True)
class Training:
    id: int
    starts_at: datetime
    ends_at: datetime
    topic: str
    host: str
    format: TrainingFormat
    room_id: str
    created_by: str
    created_at: datetime
    remind_at: datetime
    snapshot: CoalitionSnapshot
    announce_event_id: str | None = None
    reminded_at: datetime | None = None
    feedback_asked_at: datetime | None = None
    cancelled_at: datetime | None = None

    @property
    def label(self) -> str:
        return f"T-{self.id}"


@dataclass(frozen=True, slots=True)
class Feedback:
    training_id: int
    agency: str
    by: str
    rating: int
    will_apply: bool | None
    suggestion: str | None
    at: datetime


_ID = re.compile(r"^T-(\d{1,6})$")


def parse_training_id(text: str) -> int:
    m = _ID.match(text.strip().upper())
    if m is None:
        raise UserError(f"'{text[:16]}' is not a training: they read T-n.")
    return int(m[1])


def parse_rating(text: str) -> int:
    if text.strip() not in {"1", "2", "3", "4", "5"}:
        raise UserError("The rating is a whole number from 1 (not useful) to 5 (very useful).")
    return int(text)


def ranked_topics(suggestions: Iterable[str], limit: int = 10) -> list[tuple[str, int]]:
    """Suggested topics, the most often suggested first (case and spacing ignored; the
    first wording seen is kept), ties in the order first suggested."""
    counts: Counter[str] = Counter()
    wording: dict[str, str] = {}
    for text in suggestions:
        key = " ".join(text.lower().split())
        if not key:
            continue
        counts[key] += 1
        wording.setdefault(key, " ".join(text.split()))
    order = list(wording)
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], order.index(kv[0])))
    return [(wording[k], n) for k, n in ranked[:limit]]


def coverage(
    agencies: Sequence[str], sessions: Iterable[tuple[str, Iterable[str]]]
) -> dict[str, set[str]]:
    """For each agency, the agencies it has trained with: a session's host and every
    agency that went (RSVP'd going or gave feedback) trained together, both ways."""
    met: dict[str, set[str]] = {a: set() for a in agencies}
    for host, attendees in sessions:
        people = {host, *attendees}
        for a in people:
            met.setdefault(a, set()).update(people - {a})
    return met
