"""The data dictionary: the example loads; each kind of mistake is named by the file and
its key; codes are checked (retired ones refused, valid ones listed)."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from bot.config_loader import load_config
from protocols.errors import UserError
from tests.helpers.bot_harness import EXAMPLE, example_raw

DICTIONARY = EXAMPLE.parent / "data-dictionary.example.toml"


def _load(tmp: Path, change: Callable[[dict[str, Any]], None]) -> list[str]:
    data = tomllib.loads(DICTIONARY.read_text(encoding="utf-8"))
    change(data)
    (tmp / "dict.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    raw = example_raw()
    raw["data"]["dictionary"] = "dict.toml"
    (tmp / "mact.toml").write_text(tomli_w.dumps(raw), encoding="utf-8")
    loaded, problems = load_config(tmp / "mact.toml", check_secrets=False)
    assert (loaded is None) == bool(problems)
    return [str(p) for p in problems]


def _codes(data: dict[str, Any], category: str) -> list[dict[str, Any]]:
    codes: list[dict[str, Any]] = data["categories"][category]["codes"]
    return codes


def test_the_example_loads_and_checks_codes(tmp_path: Path) -> None:
    assert _load(tmp_path, lambda d: None) == []
    loaded, _ = load_config(EXAMPLE, check_secrets=False)
    assert loaded is not None
    codes = loaded.config.codes
    assert codes.version == "2026.2"
    assert codes.check("housing_status", "DV-Shelter") == "dv-shelter"
    assert codes.check("housing_status", "client-doesnt-know") == "client-doesnt-know"
    with pytest.raises(UserError, match=r"^'doubled-up' was retired in data dictionary 2026.2: "
                       r"stably-housed, unsafe-housing, dv-shelter"):  # fmt: skip
        codes.check("housing_status", "doubled-up")
    with pytest.raises(UserError, match=r"^'maybe' is not a --basis code: interview, records"):
        codes.check("information_basis", "maybe", "--basis")
    # A category that admits no unknown refuses them.
    with pytest.raises(UserError, match="is not a referral pathway code"):
        codes.check("referral_pathway", "data-not-collected")


F = "dict.toml"


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d.update(version="2026-2"),
         f"{F}: version: a version reads YEAR.N, e.g. 2026.2"),
        (lambda d: d["categories"].pop("housing_status"),
         f"{F}: categories.housing_status: required category is missing"),
        (lambda d: _codes(d, "referral_status").pop(),
         f"{F}: categories.referral_status: 'cancelled' is a code MACT uses: define it"),
        (lambda d: _codes(d, "referral_pathway").append(
            {"code": "fax", "label": "Fax", "definition": "x"}),
         f"{F}: categories.referral_pathway: 'fax' is not one of MACT's codes (direct, "
         "embedded, triage, warm)"),
        (lambda d: _codes(d, "referral_status")[0].update(retired="2026.1"),
         f"{F}: categories.referral_status: 'sent' is set by MACT and cannot be retired"),
        (lambda d: _codes(d, "interaction_type")[0].update(retired="2027.1"),
         f"{F}: categories.interaction_type: 'call' retired in 2027.1, not a version up to "
         "2026.2"),
        (lambda d: _codes(d, "case_status").append(dict(_codes(d, "case_status")[0])),
         f"{F}: categories.case_status.codes: code 'active' is defined twice"),
        (lambda d: _codes(d, "referral_source").pop(4),
         f"{F}: categories.referral_source: agencies of kind 'shelter' need exactly one active "
         "source (agency_kinds); found none"),
        (lambda d: d["indicators"][0].update(measure="hugs"),
         f"{F}: indicators[0].measure: unknown measure 'hugs' (known: contacts,"),
        (lambda d: d["indicators"][3].pop("where"),
         f"{F}: indicators[3].where: 'referrals-by-status' needs `where`, a referral_status "
         "code"),
        (lambda d: _codes(d, "interaction_type").pop(),
         f"{F}: categories.interaction_type: 'answer' is logged by MACT: define it, active"),
        (lambda d: d["unknown"]["codes"].pop(),
         f"{F}: unknown.codes: the three kinds of unknown"),
        (lambda d: _codes(d, "consent")[0].update(code="Written"),
         f"{F}: categories.consent.codes[0].code: String should match pattern"),
    ],
)  # fmt: skip
def test_each_mistake_is_named(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    problems = _load(tmp_path, change)
    assert any(p.startswith(expected) for p in problems), problems


def test_a_missing_dictionary_file_is_named(tmp_path: Path) -> None:
    raw = example_raw()
    raw["data"]["dictionary"] = "nowhere.toml"
    (tmp_path / "mact.toml").write_text(tomli_w.dumps(raw), encoding="utf-8")
    _, problems = load_config(tmp_path / "mact.toml", check_secrets=False)
    assert [str(p) for p in problems] == [
        f"data.dictionary: {tmp_path / 'nowhere.toml'}: file not found"
    ]
