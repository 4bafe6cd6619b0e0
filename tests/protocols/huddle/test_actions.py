"""Action items: the reminder ladder, with an injected clock; and the documentation minimum."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from protocols.config.schema import DocumentationMinimum
from protocols.errors import UserError
from protocols.huddle.actions import (
    ActionItem,
    ItemKind,
    ItemState,
    Owner,
    ReminderPolicy,
    Stage,
    by_owner,
    due_reminders,
    next_reminder,
    parse_label,
)
from protocols.huddle.decisions import Decision
from protocols.huddle.documentation import Record, missing_for_close
from protocols.ids import UserId

T0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
POLICY = ReminderPolicy(lead=timedelta(minutes=5), grace=timedelta(minutes=15))
SHELTER = Owner("SHELTER", None, (UserId("@s1:hs"),), (UserId("@s2:hs"),))


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def item(number: int = 1, due: float = 30, **changes: object) -> ActionItem:
    base = ActionItem(
        event_id="CE-2026-0001",
        kind=ItemKind.ACTION,
        number=number,
        owner=SHELTER,
        text="hold a bed",
        due=m(due),
        due_set_at=T0,
        created_by=UserId("@front:hs"),
        created_at=T0,
    )
    return dataclasses.replace(base, **changes)  # type: ignore[arg-type]


def climb(items: list[ActionItem], until: float, step: float = 0.5) -> list[tuple[float, str]]:
    """Run the core every `step` minutes as a timer would, applying each rung."""
    sent: list[tuple[float, str]] = []
    t = 0.0
    while t <= until:
        for r in due_reminders(items, POLICY, m(t)):
            sent.append((t, f"{r.item.label} {r.stage.name} {','.join(r.mentions)}"))
            items = [dataclasses.replace(i, stage=r.stage) if i == r.item else i for i in items]
        t += step
    return sent


def test_reminder_overdue_then_backup_each_once_at_its_time() -> None:
    assert climb([item()], until=60) == [
        (25.0, "A-1 REMINDED @s1:hs"),
        (30.0, "A-1 OVERDUE @s1:hs"),
        (45.0, "A-1 ESCALATED @s1:hs,@s2:hs"),
    ]


def test_next_reminder_follows_the_ladder_and_ends() -> None:
    i = item()
    assert next_reminder([i], POLICY) == m(25)
    assert next_reminder([dataclasses.replace(i, stage=Stage.REMINDED)], POLICY) == m(30)
    assert next_reminder([dataclasses.replace(i, stage=Stage.ESCALATED)], POLICY) is None
    assert next_reminder([dataclasses.replace(i, state=ItemState.DONE)], POLICY) is None


def test_no_reminder_when_due_sooner_than_the_lead_time() -> None:
    assert climb([item(due=3)], until=30) == [
        (3.0, "A-1 OVERDUE @s1:hs"),
        (18.0, "A-1 ESCALATED @s1:hs,@s2:hs"),
    ]


def test_after_downtime_only_the_highest_rung_is_sent_with_its_lateness() -> None:
    # The bot was down from minute 20 to 35: the reminder and the overdue notice both
    # passed; one overdue notice goes out, 5 minutes late.
    found = due_reminders([item()], POLICY, m(35))
    assert [(r.stage, r.late_by) for r in found] == [(Stage.OVERDUE, timedelta(minutes=5))]
    later = due_reminders([item()], POLICY, m(50))
    assert [(r.stage, r.late_by) for r in later] == [(Stage.ESCALATED, timedelta(minutes=5))]


def test_done_items_get_nothing_and_extend_starts_over() -> None:
    assert due_reminders([item(state=ItemState.DONE)], POLICY, m(60)) == []
    # Extended at minute 31 (after the overdue notice) to minute 60.
    extended = item(due=60, due_set_at=m(31), stage=Stage.NONE)
    assert next_reminder([extended], POLICY) == m(55)


def test_group_by_owner_in_order_of_earliest_due() -> None:
    hosp = Owner("HOSP", UserId("@h1:hs"), (UserId("@h1:hs"),), (UserId("@h2:hs"),))
    items = [item(1, due=40), item(2, due=10, owner=hosp), item(3, due=20)]
    grouped = by_owner(items)
    assert [(o.label({}), [i.label for i in g]) for o, g in grouped] == [
        ("@h1:hs (HOSP)", ["A-2"]),
        ("SHELTER", ["A-3", "A-1"]),
    ]


def test_labels() -> None:
    assert parse_label("a-3") == (ItemKind.ACTION, 3)
    assert parse_label("I-12") == (ItemKind.IMPROVEMENT, 12)
    for bad in ("A3", "B-1", "A-0", "A-x"):
        with pytest.raises(UserError, match="is not an item number"):
            parse_label(bad)


def decision(n: int) -> Decision:
    return Decision("CE-2026-0001", n, T0, UserId("@front:hs"), "SHELTER", "x", None, ("SHELTER",))


def test_documentation_minimum_lists_everything_missing() -> None:
    rules = DocumentationMinimum(
        min_decisions=1, all_actions_resolved=True, require_outcome_note=True
    )
    open_one = item(1)
    done = item(2, state=ItemState.DONE)
    dropped = item(3, state=ItemState.DROPPED, resolution="no longer needed")
    carried = item(4, state=ItemState.CARRIED, resolution="LEGAL")
    assert missing_for_close(rules, [], [open_one, done, dropped, carried], None) == [
        "at least 1 decision(s) recorded (0 so far): !decision <text> --why <rationale>",
        "A-1 (SHELTER: hold a bed) is open: !done A-1, !drop A-1 <reason> or !carry A-1 <owner>",
        "an outcome note: !close <outcome> <note>",
    ]
    assert missing_for_close(rules, [decision(1)], [done, dropped, carried], "safe") == []


def test_documentation_minimum_can_be_relaxed() -> None:
    rules = DocumentationMinimum(min_decisions=0, all_actions_resolved=False)
    assert missing_for_close(rules, [], [item(1)], None) == []
    improvement = item(1, kind=ItemKind.IMPROVEMENT)
    strict = DocumentationMinimum()
    assert missing_for_close(strict, [decision(1)], [improvement], None) == []


def test_notes_from_the_lead_or_every_participant() -> None:
    record = Record("SHELTER", ("SHELTER", "HOSP", "PD"), frozenset({"SHELTER"}))
    lead_only = DocumentationMinimum(min_decisions=0, notes_from="lead")
    assert missing_for_close(lead_only, [], [], None, record=record) == []
    everyone = DocumentationMinimum(min_decisions=0, notes_from="participants")
    assert missing_for_close(everyone, [], [], None, record=record) == [
        "a note or decision from HOSP: !note <text> by its staff",
        "a note or decision from PD: !note <text> by its staff",
    ]
    nobody = Record("SHELTER", ("SHELTER",), frozenset())
    assert missing_for_close(lead_only, [], [], None, record=nobody) == [
        "a note or decision from SHELTER: !note <text> by its staff"
    ]
