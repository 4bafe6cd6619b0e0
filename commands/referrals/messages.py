"""What referrals say, and to whom: never the case reference, never more than the purpose."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from commands.kernel.content import notice
from commands.kernel.render import B, C, doc, para
from protocols.config.schema import MactConfig
from protocols.outbox import OutgoingMessage
from protocols.referrals.lifecycle import Referral


def local(config: MactConfig, agency: str, at: datetime) -> str:
    found = config.agency(agency)
    tz = (found.timezone if found else None) or config.coalition.timezone
    return f"{at.astimezone(ZoneInfo(tz)).strftime('%a %d %b %H:%M')} {tz}"


def to_receiver(config: MactConfig, r: Referral, contact: str, prefix: str) -> OutgoingMessage:
    """The referral, in an encrypted DM to the receiving agency's contact."""
    due = local(config, r.to_agency, r.due)
    reply = doc(
        para(B(f"Referral {r.id}"), f" to {r.to} from {r.from_agency}"),
        para(
            f"Urgency: {r.urgency.value}; pathway: {r.pathway.value}; consent: "
            f"{r.consent.value}.\nPurpose: {r.purpose}\nFeedback due by {due}: ",
            C(f"{prefix}referral {r.id} received"),
            " (or accepted, waitlisted --reason …, declined --reason …).",
        ),
    )
    return OutgoingMessage(
        txn_id=f"referral-{r.id}-to-{contact}",
        room_id=None,
        to_user=contact,
        event_type="m.room.message",
        content=notice(reply),
    )


def person_dm(ref: str, user: str, key: str, text: str) -> OutgoingMessage:
    """A short DM about a referral or a request (`ref`): '<ref> <text>'."""
    kind = "referral" if ref.startswith("R-") else "request"
    return OutgoingMessage(
        txn_id=f"{kind}-{ref}-{key}-{user}",
        room_id=None,
        to_user=user,
        event_type="m.room.message",
        content=notice(doc(para(B(ref), f" {text}"))),
    )
