"""What referrals say, and to whom: never the case reference, never more than the purpose."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from commands.kernel.content import notice, person
from commands.kernel.render import B, C, doc, para
from protocols.config.schema import MactConfig
from protocols.outbox import OutgoingMessage
from protocols.referrals.lifecycle import Referral


def local(config: MactConfig, agency: str, at: datetime) -> str:
    found = config.agency(agency)
    tz = (found.timezone if found else None) or config.coalition.timezone
    return f"{at.astimezone(ZoneInfo(tz)).strftime('%a %d %b %H:%M')} {tz}"


def receiving_notes(r: Referral) -> str:
    """The receiving program's (or agency's) preferred channel and eligibility notes, as
    the directory had them when the referral was sent; '' if it has none."""
    channel, eligibility = r.receiver.referral_notes(r.program)
    notes = [f"Preferred channel: {channel.rstrip('.')}." if channel else "",
             f"Eligibility: {eligibility.rstrip('.')}." if eligibility else ""]  # fmt: skip
    return " ".join(n for n in notes if n)


def to_receiver(config: MactConfig, r: Referral, contact: str, prefix: str) -> OutgoingMessage:
    """The referral, in an encrypted DM to the receiving agency's contact: the seed's
    standard elements (who referred and when, the program, purpose, information basis,
    time sensitivity), never the case reference."""
    due = local(config, r.to_agency, r.due)
    sent = local(config, r.to_agency, r.created_at)
    program = r.receiver.program(r.program)
    notes = receiving_notes(r)
    reply = doc(
        para(B(f"Referral {r.id}"), f" to {r.to} from {r.from_agency}"),
        para("Referred by ", person(config.names(), r.from_user), f" ({r.from_agency}), {sent}."),
        para(
            (f"Program: {program.name}.\n" if program else "")
            + (f"{notes}\n" if notes else "")
            + f"Urgency: {r.urgency.value}; pathway: {r.pathway.value}; information basis: "
            f"{r.basis.value}; consent: {r.consent.value}.\nPurpose: {r.purpose}\n"
            f"Feedback due by {due}: ",
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
