"""Who takes the minutes: a fixed agency, or a rotation across the agencies attending. The
rotation picks the attending agency that has taken them least often, then the one whose
last turn is longest ago, then the directory's order: over a year every agency's share
differs from the others' by at most one turn."""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def next_note_taker(
    attending: Sequence[str],
    turns: Mapping[str, int],
    last_turn: Mapping[str, int],
    fixed: str | None = None,
) -> str | None:
    """`turns`: how many times each agency took minutes in this series; `last_turn`: the
    index of its latest turn (absent: never). `attending` in directory order."""
    if fixed is not None:
        return fixed
    if not attending:
        return None
    return min(
        attending,
        key=lambda a: (turns.get(a, 0), last_turn.get(a, -1), attending.index(a)),
    )
