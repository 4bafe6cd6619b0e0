"""The documentation minimum a protocol asks for before an event may be closed."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from protocols.config.schema import DocumentationMinimum
from protocols.huddle.actions import ActionItem, ItemKind, ItemState
from protocols.huddle.decisions import Decision


@dataclass(frozen=True, slots=True)
class Record:
    """What the rules look at: the lead, the agencies that acknowledged, and the agencies
    that put a note or a decision on the timeline."""

    lead: str
    participants: tuple[str, ...]
    authors: frozenset[str]


def missing_for_close(
    rules: DocumentationMinimum,
    decisions: list[Decision],
    items: list[ActionItem],
    outcome_note: str | None,
    prefix: str = "!",
    record: Record | None = None,
    names: Mapping[str, str] | None = None,
) -> list[str]:
    """What still stands between the event and closing, one line each, saying how to fix
    it; empty when it may close."""
    missing: list[str] = []
    if rules.notes_from != "none" and record is not None:
        expected = (record.lead,) if rules.notes_from == "lead" else record.participants
        for agency in expected:
            if agency not in record.authors:
                missing.append(
                    f"a note or decision from {agency}: {prefix}note <text> by its staff"
                )
    if len(decisions) < rules.min_decisions:
        missing.append(
            f"at least {rules.min_decisions} decision(s) recorded ({len(decisions)} so far): "
            f"{prefix}decision <text> --why <rationale>"
        )
    if rules.all_actions_resolved:
        for item in sorted(items, key=lambda i: i.number):
            if item.kind is ItemKind.ACTION and item.state is ItemState.OPEN:
                missing.append(
                    f"{item.label} ({item.owner.label(names or {})}: {item.text}) is open: "
                    f"{prefix}done {item.label}, {prefix}drop {item.label} <reason> or "
                    f"{prefix}carry {item.label} <owner>"
                )
    if rules.require_outcome_note and not (outcome_note and outcome_note.strip()):
        missing.append(f"an outcome note: {prefix}close <outcome> <note>")
    return missing
