"""The example data dictionary and an older version of it, as a coalition would have had
before: version 2026.1, fax and doubled-up still active, no case-conference type, and the
decline reason 'other' worded differently."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from protocols.data.dictionary import DataDictionary

EXAMPLE_DICTIONARY = Path(__file__).resolve().parents[2] / "data-dictionary.example.toml"


def example_raw() -> dict[str, Any]:
    return tomllib.loads(EXAMPLE_DICTIONARY.read_text(encoding="utf-8"))


def older_raw() -> dict[str, Any]:
    raw = example_raw()
    raw["version"] = "2026.1"
    for category in raw["categories"].values():
        for code in category["codes"]:
            code.pop("retired", None)
    types = raw["categories"]["interaction_type"]["codes"]
    raw["categories"]["interaction_type"]["codes"] = [
        c for c in types if c["code"] != "case-conference"
    ]
    reasons = raw["categories"]["decline_reason"]["codes"]
    next(c for c in reasons if c["code"] == "other")["definition"] = "Any other reason."
    raw["indicators"] = [i for i in raw["indicators"] if i["code"] != "case-conferences"]
    return raw


def older() -> DataDictionary:
    return DataDictionary.model_validate(older_raw())


def write(raw: dict[str, Any], path: Path) -> Path:
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return path
