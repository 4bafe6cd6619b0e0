"""The shared indicators as Markdown, JSON or CSV (for `mact report indicators`)."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence

from protocols.config.schema import MactConfig
from protocols.data.indicators import IndicatorValue
from protocols.reports.period import Period
from protocols.reports.suppression import as_text


def render_indicators(
    values: Sequence[IndicatorValue], title: str, period: Period, config: MactConfig, fmt: str
) -> str:
    below = config.reports.suppress_below
    if fmt == "json":
        return json.dumps({
            "report": "indicators", "dictionary_version": config.codes.version,
            "period": {"label": period.label, "start": period.start.isoformat(),
                       "end": period.end.isoformat()},
            "suppress_below": below,
            "indicators": [{"code": v.indicator.code, "title": v.indicator.title,
                            "value": v.value, "definition": v.indicator.definition}
                           for v in values],
        }, indent=2) + "\n"  # fmt: skip
    if fmt == "csv":
        buffer = io.StringIO()
        w = csv.writer(buffer, lineterminator="\n")
        w.writerow(["code", "title", "value", "period", "dictionary_version"])
        for v in values:
            w.writerow([v.indicator.code, v.indicator.title, as_text(v.value, below),
                        period.label, config.codes.version])  # fmt: skip
        return buffer.getvalue()
    out = [f"# {title}", "", "| Indicator | Value | How it is counted |", "|---|---|---|"]
    out += [f"| {v.indicator.title} | {as_text(v.value, below)} | {v.indicator.definition} |"
            for v in values]  # fmt: skip
    return "\n".join(out) + "\n"
