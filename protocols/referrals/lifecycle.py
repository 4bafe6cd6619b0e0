"""A referral's status, as the closed-loop referral standards have it (HL7's SDOH referral
Task, 360X): sent → received → accepted | waitlisted | declined → completed, and cancelled
by the referrer while it is not yet accepted. Who may set what, and what a change needs."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum

from protocols.config.schema import Agency
from protocols.errors import UserError


class Status(StrEnum):
    SENT = "sent"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    WAITLISTED = "waitlisted"
    DECLINED = "declined"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


class Urgency(StrEnum):
    STANDARD = "standard"
    PRIORITY = "priority"
    URGENT = "urgent"


class Basis(StrEnum):
    """What the referral's information rests on."""

    INTERVIEW = "interview"
    RECORDS = "records"
    PARTNER = "partner"


class Pathway(StrEnum):
    DIRECT = "direct"
    WARM = "warm"
    TRIAGE = "triage"
    EMBEDDED = "embedded"


class Consent(StrEnum):
    WRITTEN = "written"
    VERBAL = "verbal"
    NONE = "none"


class Reason(StrEnum):
    """Why a referral was declined or waitlisted: the shared code list (they feed the
    reports: 'at capacity' and the misdirected share)."""

    AT_CAPACITY = "at-capacity"
    NOT_ELIGIBLE = "not-eligible"
    REFERRED_ELSEWHERE = "referred-elsewhere"
    COULD_NOT_CONTACT = "could-not-contact"
    CLIENT_DECLINED = "client-declined"
    OTHER = "other"


class Side(StrEnum):
    """Which end of the referral the person changing it is on."""

    REFERRER = "referrer"
    RECEIVER = "receiver"


_NEXT: dict[Status, frozenset[Status]] = {
    Status.SENT: frozenset(
        {Status.RECEIVED, Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.CANCELLED}
    ),
    Status.RECEIVED: frozenset(
        {Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED, Status.CANCELLED}
    ),
    Status.WAITLISTED: frozenset({Status.ACCEPTED, Status.DECLINED, Status.CANCELLED}),
    Status.ACCEPTED: frozenset({Status.COMPLETED}),
    Status.DECLINED: frozenset(),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
}
FINAL = frozenset(s for s, nxt in _NEXT.items() if not nxt)
# The statuses that answer a referral: its feedback deadline is met by the first of them.
FEEDBACK = frozenset({Status.RECEIVED, Status.ACCEPTED, Status.WAITLISTED, Status.DECLINED})
_NEEDS_REASON = frozenset({Status.DECLINED, Status.WAITLISTED})
# The statuses that are the receiving agency's decision: the report's 'time to outcome'.
DECISIONS = frozenset({Status.ACCEPTED, Status.DECLINED})


@dataclass(frozen=True, slots=True)
class Referral:
    """One referral between agencies. Nothing about the client but a non-identifying case
    code (never shown to the receiver) and a purpose that passed the privacy detector."""

    id: str
    from_agency: str
    from_user: str
    to_agency: str
    program: str | None
    purpose: str
    basis: Basis
    urgency: Urgency
    pathway: Pathway
    consent: Consent
    case_ref: str | None
    status: Status
    created_at: datetime
    due: datetime
    # Frozen when it was sent, as an event's snapshot: the receiving agency (its contacts,
    # hours, holidays, escalation), the coordinators and the coalition's timezone. A later
    # configuration change does not move a running referral's deadlines.
    receiver: Agency
    coordinators: tuple[str, ...]
    timezone: str
    # The feedback ladder's highest rung sent (feedback.Rung), 0 for none.
    rung: int = 0
    reason: Reason | None = None
    updated_at: datetime | None = None
    acknowledged_at: datetime | None = None
    decided_at: datetime | None = None
    # An urgent referral's ladder climbs every `ladder_step` after its deadline (hours, not
    # business days); None for the others. Frozen when it was sent, like the receiver.
    ladder_step: timedelta | None = None
    # The data dictionary version its codes are from (None: before versioning), who
    # referred (a referral_source code), the client's housing status (a housing_status
    # code or a kind of unknown) and the service episode's dates, set by the receiver.
    dict_version: str | None = None
    source: str | None = None
    housing: str | None = None
    service_started: date | None = None
    service_closed: date | None = None

    @property
    def to(self) -> str:
        return f"{self.to_agency}/{self.program}" if self.program else self.to_agency


_REF = re.compile(r"^R-(\d{4})-(\d{4,9})$")


def referral_id(year: int, seq: int) -> str:
    return f"R-{year}-{seq:04d}"


def parse_referral_id(text: str) -> str:
    """`text` as a referral id; raises UserError with the expected shape."""
    ref = text.strip().upper()
    if not _REF.match(ref):
        raise UserError(f"'{text[:32]}' is not a referral id: they read R-YYYY-NNNN.")
    return ref


def moved(r: Referral, new: Status, reason: Reason | None, at: datetime) -> Referral:
    """`r` in status `new` (already checked by `change`), with its report times kept: the
    first feedback and the first decision, never moved by a later change."""
    return dataclasses.replace(
        r,
        status=new,
        reason=reason,
        updated_at=at,
        acknowledged_at=r.acknowledged_at or (at if new in FEEDBACK else None),
        decided_at=r.decided_at or (at if new in DECISIONS else None),
    )


def change(ref: str, current: Status, new: Status, side: Side, reason: Reason | None) -> Status:
    """The new status, or UserError saying in one line why it may not be set."""
    if current in FINAL:
        raise UserError(f"{ref} is {current.value}: it takes no further change.")
    if new is Status.CANCELLED and side is not Side.REFERRER:
        raise UserError(f"Only the referring agency may cancel {ref}.")
    if new is not Status.CANCELLED and side is not Side.RECEIVER:
        raise UserError(f"Only the receiving agency sets {ref} {new.value}; you may cancel it.")
    if new not in _NEXT[current]:
        if new is Status.CANCELLED:
            raise UserError(f"{ref} is {current.value}: it can no longer be cancelled.")
        allowed = ", ".join(sorted(s.value for s in _NEXT[current]))
        raise UserError(f"{ref} is {current.value}: it can become {allowed}, not {new.value}.")
    if new in _NEEDS_REASON and reason is None:
        codes = ", ".join(r.value for r in Reason)
        raise UserError(f"Setting {ref} {new.value} needs --reason <code>: {codes}.")
    if new not in _NEEDS_REASON and new is not Status.CANCELLED and reason is not None:
        raise UserError(f"--reason goes with declined or waitlisted, not {new.value}.")
    return new
