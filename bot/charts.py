"""Pictures of reports, drawn with matplotlib from a report's chart data (a spec made by
the pure core). Only aggregates ever reach here, already suppressed."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

# Okabe-Ito: told apart by people with any common colour-vision deficiency.
_COLOURS = {
    "accepted": "#009E73",
    "waitlisted": "#E69F00",
    "declined": "#D55E00",
    "awaiting": "#56B4E9",
    "cancelled": "#999999",
}
_WIDTH_IN, _HEIGHT_IN, _DPI = 9.0, 4.5, 100


@dataclass(frozen=True, slots=True)
class Picture:
    png: bytes
    width: int
    height: int


def stacked_bars(spec: dict[str, Any]) -> Picture:
    """A stacked bar per bucket, one segment per group. A bucket's hidden cells make one
    hatched segment (their sum is safe to show: complementary suppression hides at least
    two); a bucket whose total is hidden shows '<N' and no bar. Deterministic: the same
    spec gives the same bytes."""
    # Imported here: matplotlib takes a second to load, and only reports draw.
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    labels: list[str] = spec["labels"]
    groups: list[str] = spec["groups"]
    values: list[list[int | None]] = spec["values"]
    totals: list[int | None] = spec["totals"]
    fig = Figure(figsize=(_WIDTH_IN, _HEIGHT_IN), dpi=_DPI)
    ax = fig.subplots()
    x = list(range(len(labels)))
    bottom = [0] * len(labels)
    for g_index, group in enumerate(groups):
        heights = [row[g_index] or 0 for row in values]
        ax.bar(x, heights, bottom=bottom, color=_COLOURS.get(group, "#0072B2"), label=group)
        bottom = [b + h for b, h in zip(bottom, heights, strict=True)]
    hidden = [(t - b) if t is not None else 0 for t, b in zip(totals, bottom, strict=True)]
    if any(hidden):
        ax.bar(x, hidden, bottom=bottom, color="white", edgecolor="#555555", hatch="//",
               label="hidden (small counts)")  # fmt: skip
    for i, total in enumerate(totals):
        if total is None:
            ax.annotate(f"<{spec['below']}", (i, 0), ha="center", va="bottom", fontsize=9)
    ax.set_xticks(x, labels, rotation=45 if len(labels) > 8 else 0, ha="right"
                  if len(labels) > 8 else "center")  # fmt: skip
    ax.set_ylabel("referrals")
    ax.set_title(spec["title"])
    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), fontsize=8, frameon=False)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return Picture(buffer.getvalue(), int(_WIDTH_IN * _DPI), int(_HEIGHT_IN * _DPI))
