"""Note-taker rotation fairness over a year of weekly meetings, and minutes approval by
business days."""

from __future__ import annotations

import itertools
from collections import Counter
from datetime import UTC, datetime

from protocols.meetings.approval import approval_due
from protocols.meetings.rotation import next_note_taker
from tests.helpers.command_harness import example_config

AGENCIES = ["SHELTER-HH", "HOSP-SW", "LEGAL-VLA", "PD-DVU", "HOTLINE", "COURT-ADV", "CCR"]


def test_a_year_of_weekly_meetings_shares_the_notes_fairly() -> None:
    turns: list[str] = []
    for week in range(52):
        # Agencies miss meetings now and then: only those attending can take notes.
        attending = [a for i, a in enumerate(AGENCIES) if (week + i) % 5 != 0]
        counts = Counter(turns)
        last = {a: i for i, a in enumerate(turns)}
        taker = next_note_taker(attending, counts, last)
        assert taker in attending
        turns.append(str(taker))
    counts = Counter(turns)
    assert sum(counts.values()) == 52
    assert max(counts.values()) - min(counts.values()) <= 1
    # Never the same agency twice in a row while others are free.
    assert all(a != b for a, b in itertools.pairwise(turns))


def test_a_fixed_note_taker_and_nobody_attending() -> None:
    assert next_note_taker(AGENCIES, {}, {}, fixed="CCR") == "CCR"
    assert next_note_taker([], {}, {}) is None
    assert next_note_taker(AGENCIES, {}, {}) == "SHELTER-HH"  # directory order first


def test_approval_after_business_days_of_the_chairs_agency() -> None:
    config = example_config()
    legal = config.agency("LEGAL-VLA")  # Mon-Fri 09:00-17:30, US-TX holidays
    # Circulated Wednesday 23 Dec 2026. Texas closes Thu 24 (Christmas Eve) and Fri 25, and
    # Sat 26 is a weekend day anyway: Mon 28, Tue 29, Wed 30.
    circulated = datetime(2026, 12, 23, 18, 0, tzinfo=UTC)
    due = approval_due(circulated, 3, legal, "America/Chicago")
    assert due == datetime(2026, 12, 30, 23, 30, tzinfo=UTC)  # 17:30 CST
    # Without an agency: Monday to Friday, 17:00, no holidays.
    plain = approval_due(circulated, 3, None, "America/Chicago")
    assert plain == datetime(2026, 12, 28, 23, 0, tzinfo=UTC)
