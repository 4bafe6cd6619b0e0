"""The referral report as Markdown, JSON and CSV (for `mact report referrals`), and the
pieces the room's message and chart are made of. A suppressed count reads '<N' in text and
null in JSON; nothing is left out silently."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from protocols.durations import format_duration
from protocols.referrals.report import GROUPS, ReferralReport, Section, Timing
from protocols.reports.suppression import as_text


@dataclass(frozen=True, slots=True)
class Figure:
    """One line of the report's key figures: its key (JSON, CSV), label and shown value."""

    key: str
    label: str
    text: str
    value: float | int | None


def figures(r: ReferralReport) -> list[Figure]:
    below = r.below

    def count(key: str, label: str, n: int | None) -> Figure:
        return Figure(key, label, as_text(n, below), n)

    share = r.misdirected_share
    return [
        count("referrals", "Referrals sent", r.total),
        *_timing("acknowledgement", "to acknowledgement", r.to_acknowledgement, below),
        *_timing("outcome", "to outcome (accepted or declined)", r.to_outcome, below),
        count("answered_late", "Feedback after the deadline", r.answered_late),
        count("overdue_now", "Awaiting feedback past the deadline now", r.overdue_now),
        count("misdirected", "Misdirected (not eligible, referred elsewhere)", r.misdirected),
        Figure(
            "misdirected_share",
            "Misdirected share of referrals",
            "suppressed" if share is None else f"{share:.0%}",
            None if share is None else round(share, 4),
        ),
        count("declined_at_capacity", "Declined at capacity", r.declined_at_capacity),
        count("waitlisted_at_capacity", "Waitlisted at capacity", r.waitlisted_at_capacity),
    ]


def _timing(key: str, label: str, t: Timing, below: int) -> list[Figure]:
    def shown(d: timedelta | None) -> str:
        return "suppressed" if d is None else format_duration(d)

    def hours(d: timedelta | None) -> float | None:
        return None if d is None else round(d / timedelta(hours=1), 2)

    n = as_text(t.n, below)
    return [
        Figure(f"median_hours_to_{key}", f"Median time {label} (of {n})", shown(t.median),
               hours(t.median)),
        Figure(f"p90_hours_to_{key}", f"90th percentile time {label}", shown(t.p90),
               hours(t.p90)),
    ]  # fmt: skip


def heading(r: ReferralReport) -> str:
    return (
        f"Referral report, {r.period.label}: counts under {r.below} are shown as <{r.below} "
        "(and one more where a total would give them away)."
    )


def section_rows(s: Section, below: int) -> list[list[str]]:
    """The section's rows as text cells, its total row last."""
    rows = [
        [label] + [as_text(t.shown(label), below) for _, t in s.columns] for label in s.labels()
    ]
    rows.append(["total"] + [as_text(t.total, below) for _, t in s.columns])
    return rows


def to_markdown(r: ReferralReport) -> str:
    out = [f"# {heading(r)}", "", "| Figure | Value |", "|---|---|"]
    out += [f"| {f.label} | {f.text} |" for f in figures(r)]
    for s in r.sections:
        names = [s.label, *(name for name, _ in s.columns)]
        out += ["", f"## {s.title}", "", "| " + " | ".join(names) + " |",
                "|" + "---|" * len(names)]  # fmt: skip
        out += ["| " + " | ".join(row) + " |" for row in section_rows(s, r.below)]
    out += [
        "",
        f"## Trend by {r.trend_unit}",
        "",
        "| " + " | ".join((r.trend_unit, *GROUPS)) + " |",
    ]
    out.append("|" + "---|" * (len(GROUPS) + 1))
    for b in r.trend:
        out.append("| " + " | ".join([b.label, *(as_text(b.counts.shown(g), r.below)
                                                 for g in GROUPS)]) + " |")  # fmt: skip
    return "\n".join(out) + "\n"


def to_json(r: ReferralReport) -> dict[str, Any]:
    """Suppressed values are null; `suppress_below` says what null hides."""
    return {
        "report": "referrals",
        "period": {"label": r.period.label, "start": r.period.start.isoformat(),
                   "end": r.period.end.isoformat()},
        "suppress_below": r.below,
        "figures": {f.key: f.value for f in figures(r)},
        "tables": {
            s.key: {name: {**dict(t.rows), "total": t.total} for name, t in s.columns}
            for s in r.sections
        },
        "trend": {"unit": r.trend_unit, "buckets": [
            {"label": b.label, "start": b.start.isoformat(), **dict(b.counts.rows),
             "total": b.counts.total}
            for b in r.trend
        ]},
    }  # fmt: skip


def to_csv(r: ReferralReport) -> str:
    """One value a row: section, label, column, value ('<N' where suppressed)."""
    buffer = io.StringIO()
    w = csv.writer(buffer, lineterminator="\n")
    w.writerow(["section", "label", "column", "value"])
    w.writerow(["period", r.period.label, "start", r.period.start.isoformat()])
    w.writerow(["period", r.period.label, "end", r.period.end.isoformat()])
    for f in figures(r):
        w.writerow(["figures", f.key, "value", f.text if f.value is None else f.value])
    for s in r.sections:
        names = [name for name, _ in s.columns]
        for row in section_rows(s, r.below):
            for name, cell in zip(names, row[1:], strict=True):
                w.writerow([s.key, row[0], name, cell])
    for b in r.trend:
        for g in GROUPS:
            w.writerow([f"trend_{r.trend_unit}", b.label, g, as_text(b.counts.shown(g), r.below)])
    return buffer.getvalue()


def render(r: ReferralReport, fmt: str) -> str:
    """`fmt` is md, json or csv."""
    if fmt == "json":
        return json.dumps(to_json(r), indent=2) + "\n"
    if fmt == "csv":
        return to_csv(r)
    return to_markdown(r)


def chart_spec(r: ReferralReport) -> dict[str, Any]:
    """What the chart shows, as data: the trend's groups by bucket (null where suppressed)
    and each bucket's total. The picture is drawn from this and nothing else."""
    return {
        "title": f"Referrals by {r.trend_unit}, {r.period.label}",
        "groups": list(GROUPS),
        "labels": [b.label for b in r.trend],
        "values": [[b.counts.shown(g) for g in GROUPS] for b in r.trend],
        "totals": [b.counts.total for b in r.trend],
        "below": r.below,
    }
