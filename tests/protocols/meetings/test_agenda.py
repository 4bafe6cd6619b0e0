"""An agenda from seeded facts, exact: the framework's six parts, prior items split as DV
multi-agency conferences do, standing items with live figures, suppression of small counts."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from protocols.huddle.actions import ActionItem, ItemKind, ItemState, Owner, new_item
from protocols.ids import UserId
from protocols.meetings.agenda import AgendaFacts, agenda
from protocols.meetings.recurrence import parse_when
from protocols.meetings.series import MeetingKind, Occurrence, Series
from protocols.meetings.snapshot import snapshot_of
from tests.helpers.command_harness import example_config

TZ = "America/Chicago"
NOW = datetime(2026, 12, 6, 16, 0, tzinfo=UTC)  # Sun 6 Dec, 10:00 Chicago
START = parse_when("2026-11-10 10:00", TZ)
EARLIER = "M-1.20261110"


def _series() -> Series:
    coord = "@ccr.coordinator:localhost"
    return Series(1, MeetingKind.OPERATIONAL, "Partners' case coordination", START,
                  "FREQ=MONTHLY;BYDAY=+2TU", None, coord, "!room:hs", None, coord, START,
                  snapshot_of(example_config()))  # fmt: skip


def _item(
    n: int, agency: str, due: datetime, state: ItemState, why: str | None = None
) -> ActionItem:
    owner = Owner(agency, None, (UserId("@x:hs"),), ())
    item = new_item(EARLIER, ItemKind.ACTION, n, owner, f"task {n}", due, UserId("@x:hs"),
                    NOW - timedelta(days=30))  # fmt: skip
    return dataclasses.replace(item, state=state, resolution=why)


def facts(**changes: object) -> AgendaFacts:
    occ = Occurrence("M-1.20261208", 1, datetime(2026, 12, 8, 16, 0, tzinfo=UTC),
                     datetime(2026, 12, 6, 16, 0, tzinfo=UTC))  # fmt: skip
    base = dict(
        series=_series(), occurrence=occ, timezone=TZ, now=NOW,
        agencies=("SHELTER-HH", "HOSP-SW", "LEGAL-VLA"), note_taker="HOSP-SW",
        chair="Jordan Blake", since=datetime(2026, 11, 10, 16, 0, tzinfo=UTC),
        next_at=datetime(2027, 1, 12, 16, 0, tzinfo=UTC),
        prior_items=[
            _item(1, "SHELTER-HH", NOW - timedelta(days=3), ItemState.DONE),
            _item(2, "LEGAL-VLA", NOW + timedelta(days=3), ItemState.OPEN),
            _item(3, "HOSP-SW", NOW - timedelta(days=1), ItemState.DROPPED, "unit closed"),
            _item(4, "SHELTER-HH", NOW - timedelta(days=2), ItemState.OPEN),
        ],
        referrals_sent=12, referrals_overdue=["R-2026-0007"], requests_unanswered=[],
        events=["CE-2026-0003 closed, review open"], problems=["P-2 no after-hours number"],
        capacity=["LEGAL-VLA/PO full (said 3d ago)"], topics=["new firearms law"],
        suggested=["interpreters"], below=5,
    )  # fmt: skip
    return AgendaFacts(**{**base, **changes})  # type: ignore[arg-type]


def test_the_agenda_exactly() -> None:
    head, sections = agenda(facts())
    assert head == (
        "Agenda: Partners' case coordination (M-1, operational), Tue 08 Dec 2026 10:00 "
        "America/Chicago"
    )
    assert sections == [
        ("1. Welcome, attendance and purpose", [
            "Purpose: patterns in coordination, process issues and anonymized trends.",
            "Chair: Jordan Blake; note-taker: HOSP-SW.",
            "Agencies: SHELTER-HH, HOSP-SW, LEGAL-VLA. Say !here, or !regrets <agency>.",
        ]),
        ("2. Review of prior action items", [
            "Done: M-1.20261110 A-1 SHELTER-HH: task 1",
            "Open: M-1.20261110 A-2 LEGAL-VLA: task 2 (due Wed 09 Dec 2026 10:00)",
            "Not possible, circumstances changed: M-1.20261110 A-3 HOSP-SW: task 3 (unit closed)",
            "Not done: M-1.20261110 A-4 SHELTER-HH: task 4 (due Fri 04 Dec 2026 10:00)",
        ]),
        ("3. Standing items (since Tue 10 Nov 2026 10:00)", [
            "Referral volumes: 12 sent; overdue feedback: R-2026-0007.",
            "Requests unanswered: none.",
            "Crisis events: CE-2026-0003 closed, review open.",
            "Problems raised: P-2 no after-hours number.",
            "Capacity: LEGAL-VLA/PO full (said 3d ago).",
        ]),
        ("4. Focus topics", [
            "Queued: new firearms law", "Suggested in training feedback: interpreters",
        ]),
        ("5. Decisions and action items", [
            "Record them here as they are taken: !agreed <decision>, "
            "!minutes action <owner> <due> <text>.",
        ]),
        ("6. Next meeting", ["Tue 12 Jan 2027 10:00 America/Chicago"]),
    ]  # fmt: skip


def test_a_first_meeting_with_little_to_report() -> None:
    _, sections = agenda(facts(since=None, prior_items=[], referrals_sent=3, topics=[],
                               suggested=[], next_at=None, capacity=[]))  # fmt: skip
    by_title = dict(sections)
    assert by_title["2. Review of prior action items"] == [
        "None from earlier meetings of this series."
    ]
    standing = by_title["3. Standing items (the last 30 days)"]
    assert standing[0] == "Referral volumes: <5 sent; overdue feedback: R-2026-0007."
    assert standing[4] == "Capacity: no word from any program."
    assert by_title["4. Focus topics"] == ["None queued: !topic add <text> adds one."]
    assert by_title["6. Next meeting"] == ["not scheduled"]
