"""The contact log (the seed's documentation standard): every inter-agency contact with its
date and time, type, purpose and outcome; referrals, requests and answers add themselves.
And system problems raised for the agency leads' next meeting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Interaction(StrEnum):
    CALL = "call"
    MESSAGE = "message"
    EMAIL = "email"
    MEETING = "meeting"
    VISIT = "visit"
    REFERRAL = "referral"
    REQUEST = "request"
    ANSWER = "answer"


# Written by MACT itself, never typed with !log (the data dictionary may add other types).
MACT_LOGGED = frozenset({Interaction.REFERRAL.value, Interaction.REQUEST.value,
                         Interaction.ANSWER.value})  # fmt: skip


@dataclass(frozen=True, slots=True)
class Contact:
    at: datetime
    from_agency: str
    by: str
    with_agency: str
    # An interaction_type code of the data dictionary (MACT's own: Interaction).
    kind: str
    purpose: str
    outcome: str | None = None
    ref: str | None = None  # the referral or request it was, if one
    id: int | None = None
    dict_version: str | None = None


@dataclass(frozen=True, slots=True)
class Problem:
    """A recurring coordination problem, queued for the agency leads' next meeting."""

    at: datetime
    agency: str
    by: str
    text: str
    taken_up_at: datetime | None = None
    id: int | None = None
