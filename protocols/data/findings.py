"""Data-check findings as text: Markdown and JSON for `mact validate`, lines for the room.
Ids and counts only: a finding never carries a value from the records."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence

from protocols.data.validation import TIER_ORDER, Finding, Tier


def summary(findings: Sequence[Finding]) -> str:
    counts = Counter(f.tier for f in findings)
    if not findings:
        return "no findings"
    return ", ".join(_counted(counts[t], t) for t in TIER_ORDER if counts[t])


def _counted(n: int, tier: Tier) -> str:
    plural = "s" if n != 1 and tier is not Tier.HIGH else ""
    return f"{n} {tier.value}{plural}"


def line(f: Finding, max_ids: int | None = None) -> str:
    ids = list(f.ids if max_ids is None else f.ids[:max_ids])
    more = f" and {f.count - len(ids)} more" if len(ids) < f.count else ""
    return f"[{f.tier.value}] {f.check}: {f.message} ({f.count}): {', '.join(ids)}{more}"


def to_markdown(findings: Sequence[Finding], title: str) -> str:
    out = [f"# {title}: {summary(findings)}", ""]
    for tier in TIER_ORDER:
        chosen = [f for f in findings if f.tier is tier]
        if chosen:
            out += [f"## {tier.value.capitalize()}", ""]
            out += [f"- {f.check}: {f.message} ({f.count}): {', '.join(f.ids)}" for f in chosen]
            out.append("")
    return "\n".join(out) + "\n"


def to_json(findings: Sequence[Finding], title: str) -> str:
    counts = Counter(f.tier for f in findings)
    return json.dumps({
        "title": title,
        "summary": {t.value: counts[t] for t in TIER_ORDER},
        "findings": [{"tier": f.tier.value, "check": f.check, "message": f.message,
                      "count": f.count, "ids": list(f.ids)} for f in findings],
    }, indent=2) + "\n"  # fmt: skip
