"""`mact validate --file`: an agency's CSV export with every kind of problem, and a clean
one; identifying columns named and never echoed; `mact dict export` as a Data Package that
Frictionless reads."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless as fl
import pytest

from bot.cli import main
from bot.export_check import check_export
from protocols.data.findings import line
from protocols.data.validation import Tier
from tests.helpers.bot_harness import EXAMPLE
from tests.helpers.command_harness import example_config

HEADER = (
    "referral_id,case_id,referring_agency,receiving_agency,program,referral_date,feedback_date,"
    "urgency,pathway,referral_source,information_basis,status,decline_reason,housing_status,"
    "service_start,service_closed"
)
CLEAN = [
    "A1,HH-2026-0001,SHELTER-HH,LEGAL-VLA,PO,2026-11-02,2026-11-03,standard,warm,"
    "community-based,interview,accepted,,dv-shelter,2026-11-05,2026-11-20",
    "A2,HH-2026-0002,HOTLINE,SHELTER-HH,ES,2026-11-04,2026-11-04,urgent,direct,"
    "community-based,interview,declined,at-capacity,data-not-collected,,",
]
BAD = [
    # A client's name column and a notes column with a phone number in it.
    *CLEAN,
    "A3,HH-2026-0001,SHELTER-HH,LEGAL-VLA,PO,2026-11-20,,soon,warm,community-based,interview,"
    "accepted,,doubled-up,2026-11-01,",
    "A3,,SHELTER-HH,NOPE,,2026-13-45,,standard,warm,,,sent,,,,",
    "A5,HH-2026-0005,SHELTER-HH,LEGAL-VLA,,2026-11-02,2026-11-01,,warm,,,accepted,,dv-shelter,"
    "2026-11-03,2026-11-02",
]


def write(tmp: Path, rows: list[str], extra: tuple[str, ...] = ()) -> Path:
    path = tmp / "referrals.csv"
    header = HEADER + "".join(f",{c}" for c in extra)
    filler = {"Client Name": "Jane Roe", "notes": "call 555-201-3344"}
    body = [r + "".join(f",{filler[c]}" for c in extra) for r in rows]
    path.write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return path


def test_a_clean_export_passes(tmp_path: Path) -> None:
    assert check_export(write(tmp_path, CLEAN), "referrals", example_config()) == []


def test_every_kind_of_problem(tmp_path: Path) -> None:
    path = write(tmp_path, BAD, ("Client Name", "notes"))
    found = check_export(path, "referrals", example_config())
    lines = [line(f) for f in found]
    assert lines == [
        "[high priority] identifying-column: column looks like client-identifying data (its "
        "name says client data): remove it before sharing the file (its values are never "
        "shown) (1): Client Name",
        "[high priority] identifying-column: column looks like client-identifying data (it "
        "holds phone data): remove it before sharing the file (its values are never shown) "
        "(1): notes",
        "[high priority] primary-key: the same id twice (1): row 5",
        "[high priority] date-order: service start before the referral (or intake) (1): row 4",
        "[high priority] date-order: closure before service start (1): row 6",
        "[high priority] date-order: feedback before the referral was sent (1): row 6",
        "[high priority] duplicate: likely duplicates: one case id, referred to LEGAL-VLA "
        "within 30 days (2): row 2, row 4",
        "[error] constraint-error: receiving_agency: not one of the dictionary's codes (1): row 5",
        "[error] constraint-error: urgency: not one of the dictionary's codes (1): row 4",
        "[error] missing-cell: urgency: missing required value (1): row 6",
        "[error] type-error: referral_date: not of the field's type (dates read YYYY-MM-DD) "
        "(1): row 5",
        "[warning] retired-code: housing_status 'doubled-up' was retired in 2026.2 after these "
        "were coded (1): row 4",
    ]
    text = "\n".join(lines)
    for secret in ("Jane Roe", "555-201-3344", "NOPE", "2026-13-45", "soon"):
        assert secret not in text
    assert {f.tier for f in found} == {Tier.HIGH, Tier.ERROR, Tier.WARNING}


def test_the_cli_exit_codes_and_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MACT_BOT_PASSWORD", "not-used")
    base = ["validate", "--config", str(EXAMPLE), "--table", "referrals"]
    assert main([*base, "--file", str(write(tmp_path, CLEAN))]) == 0
    assert "no findings" in capsys.readouterr().out
    assert main([*base, "--file", str(write(tmp_path, BAD)), "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["summary"] == {"high priority": 5, "error": 4, "warning": 1}
    assert main([*base, "--file", str(tmp_path / "nowhere.csv")]) == 2


def test_the_dictionary_as_a_data_package(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MACT_BOT_PASSWORD", "not-used")
    out = tmp_path / "datapackage.json"
    args = ["dict", "export", "--config", str(EXAMPLE), "--format", "table-schema"]
    assert main([*args, "--output", str(out)]) == 0
    write(tmp_path, CLEAN)
    package = fl.Package(str(out.name), basepath=str(tmp_path))
    assert [r.name for r in package.resources] == ["referrals", "contacts", "cases"]
    report = package.get_resource("referrals").validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type"])
    housing = package.get_resource("referrals").schema.get_field("housing_status")
    assert "data-not-collected" in housing.constraints["enum"]
    md = tmp_path / "dictionary.md"
    assert main(["dict", "export", "--config", str(EXAMPLE), "--output", str(md)]) == 0
    assert "## Housing status (`housing_status`)" in md.read_text(encoding="utf-8")
