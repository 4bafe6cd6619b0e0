"""The dictionary as a readable Markdown document, for agencies' staff and their data
teams: every category with its codes and definitions, the indicators, the shared tables."""

from __future__ import annotations

from collections.abc import Sequence

from protocols.data.dictionary import Category, DataDictionary
from protocols.data.table_schema import TABLES, table_schema


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _category(name: str, c: Category) -> list[str]:
    out = [f"## {c.title} (`{name}`)", "", c.definition, ""]
    if c.unknown:
        out += ["Admits the three kinds of unknown.", ""]
    out += ["| Code | Label | Definition |", "|---|---|---|"]
    for code in c.codes:
        retired = f" *(retired in {code.retired})*" if code.retired else ""
        out.append(f"| `{code.code}` | {_cell(code.label)}{retired} | {_cell(code.definition)} |")
    return [*out, ""]


def to_markdown(d: DataDictionary, agencies: Sequence[str]) -> str:
    published = f", published {d.published.isoformat()}" if d.published else ""
    out = [f"# {d.title}", "", f"Version {d.version}{published}.", ""]
    out += _category("unknown", d.unknown)
    for name, c in d.categories.items():
        out += _category(name, c)
    out += ["## Shared indicators", "", "| Code | Indicator | How it is counted |", "|---|---|---|"]
    out += [f"| `{i.code}` | {_cell(i.title)} | {_cell(i.definition)} |" for i in d.indicators]
    out.append("")
    for t in TABLES:
        out += [f"## Table `{t}`", "", "| Field | Type | Required | Codes |", "|---|---|---|---|"]
        for f in table_schema(d, t, agencies)["fields"]:
            constraints = f.get("constraints", {})
            codes = ", ".join(constraints.get("enum", [])) or "—"
            required = "yes" if constraints.get("required") else ""
            out.append(f"| `{f['name']}` | {f['type']} | {required} | {_cell(codes)} |")
        out.append("")
    return "\n".join(out)
