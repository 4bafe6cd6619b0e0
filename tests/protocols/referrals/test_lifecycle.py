"""Referral status: who may set what, what a change needs, and what ends it."""

from __future__ import annotations

import dataclasses

import pytest

from protocols.errors import UserError
from protocols.referrals.lifecycle import (
    Reason,
    Side,
    Status,
    change,
    moved,
    parse_referral_id,
    referral_id,
)

R = "R-2026-0007"


def test_the_closed_loop_path() -> None:
    status = Status.SENT
    for new, reason in (
        (Status.RECEIVED, None),
        (Status.WAITLISTED, Reason.AT_CAPACITY),
        (Status.ACCEPTED, None),
        (Status.COMPLETED, None),
    ):
        status = change(R, status, new, Side.RECEIVER, reason)
    assert status is Status.COMPLETED


def test_no_feedback_after_completion_or_an_end() -> None:
    for final in (Status.COMPLETED, Status.DECLINED, Status.CANCELLED):
        with pytest.raises(UserError, match=f"{R} is {final.value}: it takes no further change"):
            change(R, final, Status.ACCEPTED, Side.RECEIVER, None)


def test_cancel_only_by_the_referrer_and_only_before_acceptance() -> None:
    assert change(R, Status.WAITLISTED, Status.CANCELLED, Side.REFERRER, None) is Status.CANCELLED
    with pytest.raises(UserError, match="can no longer be cancelled"):
        change(R, Status.ACCEPTED, Status.CANCELLED, Side.REFERRER, None)
    with pytest.raises(UserError, match="Only the referring agency may cancel"):
        change(R, Status.SENT, Status.CANCELLED, Side.RECEIVER, None)
    with pytest.raises(UserError, match="Only the receiving agency sets"):
        change(R, Status.SENT, Status.ACCEPTED, Side.REFERRER, None)


def test_decline_and_waitlist_need_a_reason_code_and_others_take_none() -> None:
    with pytest.raises(UserError, match="needs --reason <code>: at-capacity, not-eligible"):
        change(R, Status.RECEIVED, Status.DECLINED, Side.RECEIVER, None)
    with pytest.raises(UserError, match="--reason goes with declined or waitlisted"):
        change(R, Status.RECEIVED, Status.ACCEPTED, Side.RECEIVER, Reason.OTHER)
    with pytest.raises(UserError, match="it can become completed, not received"):
        change(R, Status.ACCEPTED, Status.RECEIVED, Side.RECEIVER, None)


def test_ids() -> None:
    assert referral_id(2026, 7) == R
    assert parse_referral_id(" r-2026-0007 ") == R
    with pytest.raises(UserError, match="not a referral id"):
        parse_referral_id("CE-2026-0007")


def test_the_report_times_are_the_first_feedback_and_the_first_decision() -> None:
    from datetime import UTC, datetime, timedelta

    from tests.protocols.referrals.test_report import seeded

    r = dataclasses.replace(seeded()[0], status=Status.SENT, acknowledged_at=None,
                            decided_at=None)  # fmt: skip
    t0 = datetime(2026, 11, 3, tzinfo=UTC)
    r = moved(r, Status.RECEIVED, None, t0)
    r = moved(r, Status.WAITLISTED, Reason.AT_CAPACITY, t0 + timedelta(hours=1))
    r = moved(r, Status.ACCEPTED, None, t0 + timedelta(hours=2))
    r = moved(r, Status.COMPLETED, None, t0 + timedelta(days=9))
    assert (r.acknowledged_at, r.decided_at) == (t0, t0 + timedelta(hours=2))
    assert (r.status, r.reason, r.updated_at) == (Status.COMPLETED, None, t0 + timedelta(days=9))
