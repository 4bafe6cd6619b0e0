"""The labelled privacy corpus: identifying snippets by kind, and coordination messages
that must pass, written as staff type them (names, numbers and places are made up)."""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).parent


def load(name: str) -> list[tuple[str, str]]:
    """(kind, text) rows of `name`.tsv."""
    rows = []
    for line in (HERE / f"{name}.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            kind, text = line.split("\t", 1)
            rows.append((kind, text))
    return rows


IDENTIFYING = load("identifying")
PASSING = load("passing")
