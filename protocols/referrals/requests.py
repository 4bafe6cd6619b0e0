"""Coordination requests between agencies (the seed's channel hierarchy): a routine request
is answered within business days, a time-sensitive one the same business day, a policy
question goes to the agency's senior contact. Unanswered, they climb the referral ladder."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from protocols.config.policies import ReferralSettings
from protocols.config.schema import Agency
from protocols.errors import UserError
from protocols.referrals.feedback import FeedbackRules, feedback_due
from protocols.referrals.lifecycle import Urgency


class RequestKind(StrEnum):
    ROUTINE = "routine"
    TIME_SENSITIVE = "time-sensitive"
    POLICY = "policy"


@dataclass(frozen=True, slots=True)
class Request:
    id: str
    from_agency: str
    from_user: str
    to_agency: str
    kind: RequestKind
    purpose: str
    created_at: datetime
    due: datetime
    receiver: Agency
    coordinators: tuple[str, ...]
    timezone: str
    rung: int = 0
    answered_at: datetime | None = None
    answered_by: str | None = None
    answer: str | None = None
    # A time-sensitive request climbs the ladder every `ladder_step` (hours); the others by
    # business days (see feedback.rung_times). Frozen when it was sent.
    ladder_step: timedelta | None = None
    dict_version: str | None = None


_ID = re.compile(r"^Q-(\d{1,9})$")


def request_id(seq: int) -> str:
    return f"Q-{seq}"


def parse_request_id(text: str) -> str:
    ref = text.strip().upper()
    if not _ID.match(ref):
        raise UserError(f"'{text[:32]}' is not a request id: they read Q-n.")
    return ref


def request_due(
    sent_at: datetime, kind: RequestKind, receiver: Agency, tz: str, settings: ReferralSettings
) -> datetime:
    """Routine and policy: `routine_days` business days of the receiver; time-sensitive:
    the end of the receiver's business day it arrives on, or `time_sensitive_within` of
    sending if that is sooner."""
    days = 0 if kind is RequestKind.TIME_SENSITIVE else settings.routine_days
    rules = FeedbackRules({Urgency.STANDARD: days})
    due = feedback_due(sent_at, Urgency.STANDARD, receiver, tz, rules)
    within = settings.time_sensitive_within
    if kind is RequestKind.TIME_SENSITIVE and within is not None:
        return min(due, sent_at + within)
    return due


def ladder_step(kind: RequestKind, settings: ReferralSettings) -> timedelta | None:
    """How a request's ladder climbs: by the hour for a time-sensitive one."""
    return settings.urgent_escalate_after if kind is RequestKind.TIME_SENSITIVE else None
