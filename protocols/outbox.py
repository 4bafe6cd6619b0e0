"""Outgoing messages as records: written in the command's transaction, sent after commit."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

# A content key the sender resolves and removes: the transaction id of a thread root that
# was not sent yet when the message was made. Sent after it in the same lane, the message
# goes into the root's thread (into the room itself if the root never went out).
PENDING_THREAD_ROOT = "mact.pending_thread_root"

# A content key the sender resolves and removes: a picture to draw from the data it holds
# ({"kind": "stacked-bars", "spec": {...}}), upload encrypted, and attach as the message's
# file. Drawn at send time, so the outbox keeps figures, not image bytes, and a command's
# transaction never waits for a drawing or an upload.
ATTACHMENT = "mact.attachment"


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
    last_error: str | None = None
    failed_at: datetime | None = None


# Synapse refuses an event over 65,536 bytes, counted on the whole signed event. Encrypted,
# a message's content travels as Megolm ciphertext in base64 (4/3 of the plaintext JSON,
# plus the event's ids, hashes and signatures: under 2 KB). 40,000 bytes of content JSON,
# measured with non-ASCII escaped (the larger form), stays below the limit with room left.
MAX_CONTENT_BYTES = 40_000
_CUT_NOTE = "\n… (cut: too long for one Matrix message; {left:,} characters left out)"


def content_size(content: dict[str, Any]) -> int:
    """Bytes of `content` as JSON, non-ASCII escaped: an upper bound of what is encrypted."""
    return len(json.dumps(content, separators=(",", ":")))


def fit_message(message: OutgoingMessage, budget: int = MAX_CONTENT_BYTES) -> OutgoingMessage:
    """`message` unchanged if its content fits `budget`, else with its plain body cut to fit
    and a note saying so. The HTML goes (it cannot be cut safely mid-markup); relations and
    mentions stay, so a cut reply is still a reply in the same thread.

    Summaries fit themselves with a pointer to the full export; this is the net under
    every other message."""
    content = message.content
    if content_size(content) <= budget:
        return message
    body = str(content.get("body", ""))
    rest = {k: v for k, v in content.items() if k not in ("body", "format", "formatted_body")}
    low, high = 0, len(body)
    # The longest prefix of the body that fits, by bisection on its length.
    while low < high:
        mid = (low + high + 1) // 2
        trial = {**rest, "body": body[:mid] + _CUT_NOTE.format(left=len(body) - mid)}
        if content_size(trial) <= budget:
            low = mid
        else:
            high = mid - 1
    cut = {**rest, "body": body[:low] + _CUT_NOTE.format(left=len(body) - low)}
    return dataclasses.replace(message, content=cut)
