"""A referral's service episode, recorded by the receiving agency: the dates service
started and closed (dates of service, never of a person), in the order the seed's service
episode standard gives: referral, service start, closure."""

from __future__ import annotations

import dataclasses
import re
from datetime import date, timedelta

from protocols.errors import UserError
from protocols.referrals.lifecycle import Referral, Status

STARTED, CLOSED = "started", "closed"
EPISODE = (STARTED, CLOSED)
_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def parse_day(text: str, today: date) -> date:
    """YYYY-MM-DD, 'today' or 'yesterday' (the receiving agency's days); UserError else."""
    t = text.strip().lower()
    if t == "today":
        return today
    if t == "yesterday":
        return today - timedelta(days=1)
    m = _DAY.match(t)
    try:
        if m is None:
            raise ValueError
        return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        raise UserError(
            f"'{text[:24]}' is not a date: say YYYY-MM-DD, today or yesterday."
        ) from None


def record(r: Referral, which: str, day: date, today: date, sent_on: date) -> Referral:
    """`r` with its service start or closure on `day`; UserError if the order is
    impossible (before the referral was sent, closure before start, in the future) or the
    referral was never accepted."""
    if day > today:
        raise UserError(
            f"{day.isoformat()} is still to come: record service dates once they happen."
        )
    if r.status not in (Status.ACCEPTED, Status.COMPLETED):
        raise UserError(f"{r.id} is {r.status.value}: service dates follow its acceptance.")
    if which == STARTED:
        if day < sent_on:
            raise UserError(
                f"Service cannot start before the referral was sent ({sent_on.isoformat()})."
            )
        if r.service_closed is not None and day > r.service_closed:
            raise UserError(f"Service closed on {r.service_closed.isoformat()}, before that.")
        return dataclasses.replace(r, service_started=day)
    if r.service_started is None:
        raise UserError(f"Record when service started first: !referral {r.id} started <date>.")
    if day < r.service_started:
        raise UserError(
            f"Service started on {r.service_started.isoformat()}: it cannot close before."
        )
    return dataclasses.replace(r, service_closed=day)
