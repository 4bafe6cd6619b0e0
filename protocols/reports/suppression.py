"""Small-count suppression for aggregate reports, the way statistics offices publish tables
of sensitive counts.

Primary: a count from 1 to `below` - 1 is not shown. Secondary (complementary): a table
that shows its total and hides exactly one cell would give that cell away by subtraction,
so the next smallest non-zero cell is hidden too. A table whose total is itself small hides
every cell and the total. Zero is shown: 'nobody' points at no one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of (label, count or None when suppressed) in their given order, and the total
    (None when suppressed)."""

    rows: tuple[tuple[str, int | None], ...]
    total: int | None

    def shown(self, label: str) -> int | None:
        return dict(self.rows).get(label)


def small(n: int, below: int) -> bool:
    return 0 < n < below


def suppressed_table(counts: Mapping[str, int], below: int) -> Table:
    """`counts` (in their order) as a publishable table."""
    total = sum(counts.values())
    if small(total, below):
        return Table(tuple((k, None if v else 0) for k, v in counts.items()), None)
    hidden = {k for k, v in counts.items() if small(v, below)}
    if len(hidden) == 1:
        others = [(v, k) for k, v in counts.items() if v > 0 and k not in hidden]
        if others:
            hidden.add(min(others)[1])
    return Table(tuple((k, None if k in hidden else v) for k, v in counts.items()), total)


def shown_count(n: int, below: int) -> int | None:
    """A lone count (not part of a table): None when it is small."""
    return None if small(n, below) else n


def as_text(value: int | None, below: int) -> str:
    return f"<{below}" if value is None else str(value)
