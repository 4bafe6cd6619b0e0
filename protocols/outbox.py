"""Outgoing messages as records: written in the command's transaction, sent after commit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A message to send. `txn_id` is derived from what the message is (e.g. the event it
    answers, or page 17 attempt 1), so a resend after a crash is deduplicated by the server."""

    txn_id: str
    room_id: str | None
    event_type: str
    content: dict[str, Any]
    # Set instead of room_id for a direct message: the sender finds or creates the DM room.
    to_user: str | None = None
    # What the message is, for hooks that record its event id ("page:17", "root:CE-…").
    ref: str | None = None
    # Messages naming the same lane are sent one after another, in order; by default the
    # lane is the destination. Not stored: a resend after a restart needs no ordering.
    lane: str | None = None


@dataclass(frozen=True, slots=True)
class OutboxRecord:
    id: int
    message: OutgoingMessage
    created_at: datetime
    sent_at: datetime | None
    sent_event_id: str | None
    attempts: int
