"""The documentation minimum a protocol asks for before an event may be closed."""

from __future__ import annotations

from .actions import ActionItem, ItemKind, ItemState
from .config import DocumentationMinimum
from .decisions import Decision


def missing_for_close(
    rules: DocumentationMinimum,
    decisions: list[Decision],
    items: list[ActionItem],
    outcome_note: str | None,
    prefix: str = "!",
) -> list[str]:
    """What still stands between the event and closing, one line each, saying how to fix
    it; empty when it may close."""
    missing: list[str] = []
    if len(decisions) < rules.min_decisions:
        missing.append(
            f"at least {rules.min_decisions} decision(s) recorded ({len(decisions)} so far): "
            f"{prefix}decision <text> --why <rationale>"
        )
    if rules.all_actions_resolved:
        for item in sorted(items, key=lambda i: i.number):
            if item.kind is ItemKind.ACTION and item.state is ItemState.OPEN:
                missing.append(
                    f"{item.label} ({item.owner.label}: {item.text}) is open: "
                    f"{prefix}done {item.label}, {prefix}drop {item.label} <reason> or "
                    f"{prefix}carry {item.label} <owner>"
                )
    if rules.require_outcome_note and not (outcome_note and outcome_note.strip()):
        missing.append(f"an outcome note: {prefix}close <outcome> <note>")
    return missing
