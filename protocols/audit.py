"""Audit records: who ran which command, when, and how it ended. Never the message body.

The log is a hash chain: each entry's `hash` is SHA-256 over the previous entry's hash and
its own fields, so editing, deleting or reordering an entry breaks every link after it.
The construction, so that a reviewer can check an export without MACT:

    hash = sha256_hex(json([prev_hash, at, sender, agency, role, command, room_id,
                            event_id, outcome, ref]))

where json is compact (separators ',' and ':', UTF-8, no ASCII escaping), `at` is UTC as
'YYYY-MM-DDTHH:MM:SS.ffffffZ', absent fields are null, and the first entry's prev_hash is
64 zeros. Removing the newest entries leaves a valid shorter chain: a reviewer compares the
head with one exported earlier.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

GENESIS = "0" * 64


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
    prev_hash: str | None = None
    hash: str | None = None


def _utc(at: datetime) -> str:
    # Stored without a zone (SQLite), handed in with one: both mean UTC.
    if at.tzinfo is not None:
        at = at.astimezone(UTC).replace(tzinfo=None)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def chain_hash(prev_hash: str, entry: AuditEntry) -> str:
    fields = [
        prev_hash,
        _utc(entry.at),
        entry.sender,
        entry.agency,
        entry.role,
        entry.command,
        entry.room_id,
        entry.event_id,
        entry.outcome.value,
        entry.ref,
    ]
    data = json.dumps(fields, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Break:
    """The first link that does not hold: the entry's id (or position) and why."""

    at: int
    why: str


def first_break(entries: Iterable[AuditEntry], prev_hash: str = GENESIS) -> Break | None:
    """Walk the chain in order from `prev_hash` (the genesis, or the hash of the entry
    before the first one given); None if every link holds."""
    expected_prev = prev_hash
    last_id: int | None = None
    for n, entry in enumerate(entries, start=1):
        where = entry.id if entry.id is not None else n
        if entry.id is not None and last_id is not None and entry.id != last_id + 1:
            return Break(where, f"entry {last_id + 1} is missing (deleted?)")
        if entry.prev_hash != expected_prev:
            return Break(where, "it does not follow the entry before it (deleted or reordered?)")
        if entry.hash != chain_hash(expected_prev, entry):
            return Break(where, "its content does not match its hash (edited?)")
        expected_prev = entry.hash
        last_id = entry.id
    return None
