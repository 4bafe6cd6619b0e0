"""Audit records: who ran which command, when, and how it ended. Never the message body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Outcome(StrEnum):
    OK = "ok"
    REFUSED = "refused"  # not on the roster, or role not allowed
    USAGE = "usage"  # arguments did not parse
    REJECTED = "rejected"  # a UserError from the handler (bad input, privacy refusal)
    UNKNOWN = "unknown_command"
    ERROR = "error"  # a bug; the user saw a reference id


@dataclass(frozen=True, slots=True)
class AuditEntry:
    at: datetime
    sender: str
    agency: str | None
    role: str | None
    command: str
    room_id: str
    event_id: str
    outcome: Outcome
    # A short reference for errors, or the crisis event id a command touched; never content.
    ref: str | None = None
    id: int | None = None
