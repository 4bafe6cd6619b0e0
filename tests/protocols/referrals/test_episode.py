"""Service episode dates: parsing, and the orders that are impossible."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from protocols.errors import UserError
from protocols.referrals.episode import CLOSED, STARTED, parse_day, record
from protocols.referrals.lifecycle import Status
from tests.protocols.referrals.test_report import seeded

TODAY = date(2026, 12, 10)
SENT = date(2026, 12, 1)


def test_days() -> None:
    assert parse_day("2026-12-03", TODAY) == date(2026, 12, 3)
    assert parse_day("Yesterday", TODAY) == date(2026, 12, 9)
    assert parse_day("today", TODAY) == TODAY
    for bad in ("3 Dec", "2026-02-30", "soon"):
        with pytest.raises(UserError, match="is not a date: say YYYY-MM-DD"):
            parse_day(bad, TODAY)


def test_the_episode_in_order_and_every_impossible_order_refused() -> None:
    accepted = dataclasses.replace(seeded()[0], status=Status.ACCEPTED)
    started = record(accepted, STARTED, date(2026, 12, 2), TODAY, SENT)
    closed = record(started, CLOSED, date(2026, 12, 9), TODAY, SENT)
    assert (closed.service_started, closed.service_closed) == (date(2026, 12, 2), date(2026, 12, 9))
    cases = [
        (accepted, STARTED, date(2026, 11, 30), "cannot start before the referral was sent"),
        (accepted, CLOSED, date(2026, 12, 5), "Record when service started first"),
        (started, CLOSED, date(2026, 12, 1), "Service started on 2026-12-02: it cannot close"),
        (closed, STARTED, date(2026, 12, 10), "Service closed on 2026-12-09, before that"),
        (accepted, STARTED, date(2026, 12, 11), "is still to come"),
        (dataclasses.replace(accepted, status=Status.SENT), STARTED, SENT,
         "is sent: service dates follow its acceptance"),
    ]  # fmt: skip
    for r, which, day, why in cases:
        with pytest.raises(UserError, match=why):
            record(r, which, day, TODAY, SENT)
