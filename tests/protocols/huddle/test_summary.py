"""The event summary from a fixed record: exact text, Markdown, HTML escaping and JSON."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from protocols.huddle.actions import ActionItem, ItemKind, ItemState, Owner
from protocols.huddle.checkins import Checkin, CheckinState
from protocols.huddle.decisions import Decision
from protocols.huddle.record_json import to_json
from protocols.huddle.summary import (
    EventRecord,
    build,
    chat_size,
    fit,
    key_timings,
    render_html,
    render_markdown,
    render_text,
)
from protocols.ids import UserId
from protocols.paging.crisis import CrisisEvent, EventState, take_snapshot
from protocols.paging.escalation import Page, PageState, Step, StepState
from protocols.timeline import EntryKind, TimelineEntry
from tests.protocols.coalition import config

T0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)  # 10:00 in Chicago
CFG = config()
SNAP = take_snapshot(CFG, CFG.protocols[0])
EV = "CE-2026-0007"


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def u(name: str) -> UserId:
    return UserId(f"@{name}:hs")


def record(*, closed: bool = True, entries: int | None = None, note_size: int = 0) -> EventRecord:
    event = CrisisEvent(
        id=EV,
        snapshot=SNAP,
        criterion="LETHALITY",
        case_ref="HH-88",
        note=None,
        lead_agency="SHELTER",
        activated_by=u("front"),
        activated_at=T0,
        room_id="!room:hs",
        root_event_id="$root",
        state=EventState.CLOSED if closed else EventState.ACTIVE,
        ended_at=m(95) if closed else None,
        end_reason="bed held, <escort> booked" if closed else None,
        outcome="SHELTERED" if closed else None,
    )

    def step(i: int, agency: str, state: StepState, at: float | None, by: str | None) -> Step:
        return Step(
            i,
            agency,
            "activation",
            timedelta(0),
            timedelta(minutes=5),
            "escalate",
            state,
            T0,
            m(at) if at is not None else None,
            u(by) if by else None,
        )

    steps = [
        step(0, "SHELTER", StepState.ACKNOWLEDGED, 2.5, "s1"),
        step(1, "HOSP", StepState.ACKNOWLEDGED, 9, "h2"),
        step(2, "PD", StepState.UNREACHABLE, 7, None),
    ]

    def page(
        pid: int, s: int, attempt: int, who: str, label: str, at: float, state: PageState
    ) -> Page:
        return Page(pid, s, attempt, u(who), label, m(at), m(at + 5), state)

    pages = [
        page(1, 0, 1, "s1", "on-call primary", 0, PageState.ACKED),
        page(2, 1, 1, "h1", "on-call primary", 2.5, PageState.MISSED),
        page(3, 1, 2, "h2", "backup", 7.5, PageState.ACKED),
        page(4, 2, 1, "p1", "on-call primary", 2, PageState.MISSED),
    ]
    timeline = [
        TimelineEntry(EV, T0, EntryKind.ACTIVATED, "Activated by @front:hs (SHELTER)"),
        TimelineEntry(
            EV, m(2.5), EntryKind.ACKNOWLEDGED, "SHELTER acknowledged in 2m30s by @s1:hs"
        ),
        TimelineEntry(EV, m(95), EntryKind.CLOSED, "closed: SHELTERED"),
    ]
    if entries is not None:
        timeline = [
            TimelineEntry(EV, m(i / 10), EntryKind.NOTE, "n" * note_size + f"note {i}")
            for i in range(entries)
        ]
    decisions = [
        Decision(
            EV,
            1,
            m(20),
            u("front"),
            "SHELTER",
            "Hold the bed until 22:00",
            "escort not free earlier",
            ("SHELTER", "HOSP"),
        ),
    ]
    shelter = Owner("SHELTER", None, (u("s1"),), (u("s2"),))
    hosp = Owner("HOSP", u("h1"), (u("h1"),), (u("h2"),))

    def item(
        n: int,
        owner: Owner,
        text: str,
        due: float,
        state: ItemState,
        res: str | None,
        at: float | None,
        kind: ItemKind = ItemKind.ACTION,
    ) -> ActionItem:
        return ActionItem(
            EV,
            kind,
            n,
            owner,
            text,
            m(due),
            T0,
            u("front"),
            T0,
            state,
            resolved_at=m(at) if at is not None else None,
            resolved_by=u("coord") if at is not None else None,
            resolution=res,
        )

    items = [
        item(1, shelter, "hold a bed", 30, ItemState.DONE, "bed 4", 28),
        item(2, hosp, "forensic exam slot", 60, ItemState.DROPPED, "declined by client", 50),
        item(3, shelter, "court <advocate>", 90, ItemState.CARRIED, "LEGAL", 94),
    ]
    checkins = [
        Checkin(EV, 1, m(30), None, CheckinState.HELD, m(30), m(33), u("coord")),
        Checkin(EV, 2, m(63), None, CheckinState.CANCELLED),
    ]
    return EventRecord(event, steps, pages, timeline, decisions, items, checkins)


EXPECTED = """\
Summary of CE-2026-0007
Protocol: high-risk v2 (High risk); criterion LETHALITY; lead agency SHELTER
Activated 2026-12-01 10:00:00 by @front:hs
Case reference: HH-88
State: closed 2026-12-01 11:35:00; total duration 1h35m
Outcome: SHELTERED: bed held, <escort> booked
Times in America/Chicago.

Paging:
- SHELTER: paged on-call primary S1 at 10:00:00; acknowledged by S1 in 2m30s
- HOSP: paged on-call primary H1 at 10:02:30, backup H2 at 10:07:30 (1 escalation); \
acknowledged by H2 in 6m30s
- PD: paged on-call primary P1 at 10:02:00; not acknowledged: unreachable at 10:07:00

Decisions:
- D-1 10:20:00 by @front:hs (SHELTER): Hold the bed until 22:00; why: escort not free earlier; \
present: SHELTER, HOSP

Action items:
- A-1 SHELTER: hold a bed; due 10:30:00; done 10:28:00 by @coord:hs (bed 4)
- A-2 H1 (HOSP): forensic exam slot; due 11:00:00; dropped 10:50:00 by @coord:hs: declined \
by client
- A-3 SHELTER: court <advocate>; due 11:30:00; carried over 11:34:00 to LEGAL

Check-ins:
- #1 due 10:30:00: held 10:33:00 by @coord:hs
- #2 due 11:03:00: cancelled

Timeline:
- 10:00:00 activated: Activated by @front:hs (SHELTER)
- 10:02:30 acknowledged: SHELTER acknowledged in 2m30s by @s1:hs
- 11:35:00 closed: closed: SHELTERED"""


def test_summary_text_is_exact() -> None:
    assert render_text(build(record(), m(200))) == EXPECTED


def test_active_summary_says_how_long_it_has_run() -> None:
    text = render_text(build(record(closed=False), m(42)))
    assert "State: active, running for 42m00s" in text
    assert "Outcome" not in text


def test_html_escapes_every_typed_string_and_mentions_nobody() -> None:
    html = render_html(build(record(), m(200)))
    assert "&lt;escort&gt;" in html and "court &lt;advocate&gt;" in html
    assert "<escort>" not in html and "<advocate>" not in html
    assert "matrix.to" not in html
    assert html.startswith("<p><b>Summary of CE-2026-0007</b><br>")


def test_markdown_escapes_markup() -> None:
    md = render_markdown(build(record(), m(200)))
    assert md.startswith("# Summary of CE-2026-0007\n")
    assert "## Paging" in md and "court \\<advocate\\>" in md


def test_chat_summary_fits_its_byte_budget_keeping_the_latest_entries() -> None:
    full = build(record(entries=500), m(200))
    assert len(next(s for s in full.sections if s.title == "Timeline").lines) == 500
    budget = 12_000
    assert chat_size(full) > budget
    summary = fit(full, budget, "mact export CE-2026-0007 has them all")
    assert chat_size(summary) <= budget
    timeline = next(s for s in summary.sections if s.title == "Timeline").lines
    left_out = int(timeline[0].removeprefix("(").split()[0])
    assert timeline[0] == (
        f"({left_out} earlier lines left out here; mact export CE-2026-0007 has them all)"
    )
    assert left_out + len(timeline) - 1 == 500
    assert timeline[-1].endswith("note 499")
    # Nothing else had to go.
    assert [s.lines for s in summary.sections if s.title != "Timeline"] == [
        s.lines for s in full.sections if s.title != "Timeline"
    ]


def test_a_summary_of_long_entries_fits_by_bytes_not_by_count() -> None:
    """Eight 3,000-character notes, or 40 of 600, overflowed one encrypted event under the
    old rule of 40 entries."""
    hint = "mact export CE-2026-0007 has them all"
    eight = fit(build(record(entries=8, note_size=3_000), m(200)), 38_000, hint)
    timeline = next(s for s in eight.sections if s.title == "Timeline").lines
    assert len(timeline) == 8 and all(len(line) <= 600 for line in timeline)
    assert timeline[0].endswith("…")
    many = fit(build(record(entries=80, note_size=600), m(200)), 38_000, hint)
    assert chat_size(many) <= 38_000
    timeline = next(s for s in many.sections if s.title == "Timeline").lines
    assert timeline[0].endswith(f"earlier lines left out here; {hint})")
    assert timeline[-1].startswith("10:07:54 note: ")  # the latest, entry 79


def test_key_timings_for_the_review() -> None:
    assert key_timings(record(), m(200)) == [
        "Activated 2026-12-01 10:00:00 (America/Chicago)",
        "SHELTER: paged on-call primary S1 at 10:00:00; acknowledged by S1 in 2m30s",
        "HOSP: paged on-call primary H1 at 10:02:30, backup H2 at 10:07:30 "
        "(1 escalation); acknowledged by H2 in 6m30s",
        "PD: paged on-call primary P1 at 10:02:00; not acknowledged: unreachable at 10:07:00",
        "Total duration: 1h35m",
    ]


def test_json_export_is_the_record() -> None:
    data = to_json(record(), m(200))
    assert data["event"] == EV and data["outcome"] == "SHELTERED"
    assert data["duration_s"] == 95 * 60
    assert [p["agency"] for p in data["paging"]] == ["SHELTER", "HOSP", "PD"]
    assert [p["label"] for p in data["paging"][1]["pages"]] == ["on-call primary", "backup"]
    assert [(i["label"], i["state"]) for i in data["items"]] == [
        ("A-1", "done"),
        ("A-2", "dropped"),
        ("A-3", "carried"),
    ]
    assert data["checkins"][0]["held_by"] == "@coord:hs"
    assert data["activated_at"] == "2026-12-01T16:00:00+00:00"


def test_a_late_ack_after_unreachable_reports_both_times() -> None:
    base = record()
    pd = dataclasses.replace(base.steps[2], state=StepState.ACKNOWLEDGED, acked_by=u("p1"))
    timeline = [
        *base.timeline,
        TimelineEntry(EV, m(7), EntryKind.UNREACHABLE, "PD could not be reached", "PD"),
        TimelineEntry(EV, m(12), EntryKind.ACKNOWLEDGED, "PD acknowledged", "PD", "@p1:hs"),
    ]
    late = dataclasses.replace(base, steps=[*base.steps[:2], pd], timeline=timeline)
    lines = next(s for s in build(late, m(200)).sections if s.title == "Paging").lines
    assert lines[2] == (
        "PD: paged on-call primary P1 at 10:02:00; acknowledged by P1 in 10m00s, "
        "after it was reported unreachable at 10:07:00"
    )
