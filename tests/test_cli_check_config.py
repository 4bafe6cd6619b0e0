"""`mact check-config`: ok on the example, one line per problem (key path + reason) otherwise."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from bot.cli import main
from tests.helpers.bot_harness import EXAMPLE, example_raw

MACT = Path(sys.executable).parent / "mact"


def run_check(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    code = main(["check-config", str(path)])
    return code, capsys.readouterr().out.splitlines()


def write(tmp: Path, raw: dict[str, Any]) -> Path:
    path = tmp / "broken.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    return path


def test_example_passes_via_console_script(monkeypatch: pytest.MonkeyPatch) -> None:
    env = {**os.environ, "MACT_BOT_PASSWORD": "from-the-environment"}
    result = subprocess.run(
        [str(MACT), "check-config", str(EXAMPLE)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, "ok\n")


def test_missing_secret_variable(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("MACT_BOT_PASSWORD", raising=False)
    assert run_check(EXAMPLE, capsys) == (
        2,
        ["bot.password_env: environment variable MACT_BOT_PASSWORD is not set"],
    )


def test_every_problem_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MACT_BOT_PASSWORD", "x")
    raw = example_raw()
    raw["roster"][3]["agency"] = "NOPE"
    raw["roster"][2]["matrix_id"] = raw["roster"][1]["matrix_id"]
    raw["agencies"].append(dict(raw["agencies"][0]))
    code, lines = run_check(write(tmp_path, raw), capsys)
    assert code == 2
    assert lines[0] == "agencies[7].code: duplicate agency code 'SHELTER-HH'"
    assert lines[1] == (
        "roster[2].matrix_id: duplicate Matrix id '@sokafor:localhost' (also roster[1])"
    )
    assert lines[2].startswith("roster[3].agency: unknown agency code 'NOPE' (known: SHELTER-HH, ")
    assert len(lines) == 3


def test_field_errors_name_their_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = example_raw()
    raw["roster"][3]["matrix_id"] = "pnatarajan"
    raw["roster"][5]["role"] = "boss"
    raw["coalition"]["timezone"] = "Mars/Olympus"
    raw["bot"]["passwrd_env"] = "X"
    del raw["agencies"][2]["primary"]
    code, lines = run_check(write(tmp_path, raw), capsys)
    assert code == 2
    assert "bot.passwrd_env: unknown key" in lines
    assert (
        "coalition.timezone: unknown timezone 'Mars/Olympus' (use an IANA name such as "
        "Europe/Berlin)" in lines
    )
    assert "agencies[2].primary: required key is missing" in lines
    assert (
        "roster[3].matrix_id: 'pnatarajan' is not a Matrix user id (expected @name:server)" in lines
    )
    assert any(line.startswith("roster[5].role: Input should be ") for line in lines)
    assert len(lines) == 5


def test_secret_file_must_be_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = example_raw()
    del raw["bot"]["password_env"]
    raw["bot"]["password_file"] = "bot.password"
    secret = tmp_path / "bot.password"
    secret.write_text("hunter2")
    secret.chmod(0o644)
    path = write(tmp_path, raw)
    assert run_check(path, capsys) == (
        2,
        [f"bot.password_file: secret file {secret} is readable by others (mode 644; chmod 600)"],
    )
    secret.chmod(0o600)
    assert run_check(path, capsys) == (0, ["ok"])


def test_no_secret_named_and_bad_toml(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = example_raw()
    del raw["bot"]["password_env"]
    assert run_check(write(tmp_path, raw), capsys) == (
        2,
        [
            "bot: no secret named: set password_env or password_file "
            "(or access_token_env / access_token_file)"
        ],
    )
    bad = tmp_path / "bad.toml"
    bad.write_text("[bot\n")
    code, lines = run_check(bad, capsys)
    assert code == 2 and lines[0].startswith(f"{bad}: not valid TOML: ")


def protocol_problems(tmp: Path, capsys: pytest.CaptureFixture[str], change: Any) -> list[str]:
    raw = example_raw()
    change(raw)
    code, lines = run_check(write(tmp, raw), capsys)
    assert code == 2
    return lines


def test_protocol_problems_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MACT_BOT_PASSWORD", "x")

    def change(raw: dict[str, Any]) -> None:
        proto = raw["protocols"][0]
        proto["sequence"][1]["agency"] = "NOPE"
        proto["sequence"][2]["ack_window"] = "0s"
        proto["criteria"][1]["lead"] = "CCR"
        proto["communication"]["room"] = "#elsewhere:localhost"
        raw["protocols"][1]["sequence"] = []
        raw["protocols"][1]["id"] = "high-risk"

    lines = protocol_problems(tmp_path, capsys, change)
    assert lines == [
        "protocols[0].sequence[2].ack_window: ack window must be longer than zero",
        "protocols[1].sequence: must not be empty",
    ]

    def change2(raw: dict[str, Any]) -> None:
        proto = raw["protocols"][0]
        proto["sequence"][1]["agency"] = "NOPE"
        proto["sequence"][0]["after"] = "previous_ack"
        proto["criteria"][1]["lead"] = "CCR"
        proto["communication"]["room"] = "#elsewhere:localhost"
        raw["protocols"][1]["id"] = "high-risk"
        raw["protocols"][1]["default_lead"] = "LEGAL-VLA"

    assert protocol_problems(tmp_path, capsys, change2) == [
        "protocols[0].sequence[1].agency: unknown agency 'NOPE'",
        "protocols[0].sequence[0].after: the first step has no previous step",
        "protocols[0].criteria[1].lead: lead agency 'CCR' is not in the notification sequence",
        # Replacing PD-DVU in the sequence leaves the PO-VIOLATION criterion's lead out of it.
        "protocols[0].criteria[2].lead: lead agency 'PD-DVU' is not in the notification sequence",
        "protocols[0].communication.room: '#elsewhere:localhost' is not in "
        "coalition.coordination_rooms",
        "protocols[1].id: duplicate protocol id 'high-risk'",
        "protocols[1].default_lead: lead agency 'LEGAL-VLA' is not in the notification sequence",
    ]

    def change3(raw: dict[str, Any]) -> None:
        proto = raw["protocols"][2]
        proto["outcomes"] = ["DONE", "DONE", "lower"]
        proto["checkin"]["cadence"] = "0s"
        proto["review_window_business_days"] = 61

    assert protocol_problems(tmp_path, capsys, change3) == [
        "protocols[2].checkin.cadence: must be longer than zero",
        "protocols[2].review_window_business_days: Input should be less than or equal to 60",
        "protocols[2].outcomes[2]: String should match pattern '^[A-Z][A-Z0-9\\-]{1,23}$'",
    ]

    def change4(raw: dict[str, Any]) -> None:
        raw["protocols"][2]["outcomes"] = ["DONE", "OTHER", "DONE"]

    assert protocol_problems(tmp_path, capsys, change4) == [
        "protocols[2].outcomes: outcome codes listed twice: DONE"
    ]


def test_agency_paging_problems_are_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MACT_BOT_PASSWORD", "x")

    def change(raw: dict[str, Any]) -> None:
        del raw["agencies"][1]["after_hours_contact"]
        raw["agencies"][0]["escalation"] = ["@nobody:localhost", "@pnatarajan:localhost"]
        for r in raw["roster"]:
            if r["role"] == "coordinator":
                r["role"] = "supervisor"

    assert protocol_problems(tmp_path, capsys, change) == [
        "agencies[0].escalation[0]: '@nobody:localhost' is not on the roster",
        "agencies[0].escalation[1]: '@pnatarajan:localhost' is on the roster for HOSP-SW, "
        "not SHELTER-HH",
        "agencies[1].after_hours_contact: required when business_hours are set (who is paged "
        "out of hours?)",
        "protocols[0].coordinator_role: nobody on the roster has the role 'coordinator'",
        "protocols[1].coordinator_role: nobody on the roster has the role 'coordinator'",
        "protocols[2].coordinator_role: nobody on the roster has the role 'coordinator'",
    ]

    def change2(raw: dict[str, Any]) -> None:
        raw["agencies"][1]["holidays"] = {"country": "XX"}
        raw["agencies"][2]["business_hours"] = {"start": "17:00", "end": "09:00"}
        raw["agencies"][3]["timezone"] = "Nowhere/City"
        raw["protocols"][0]["sequence"][0]["ack_window"] = "five minutes"

    assert protocol_problems(tmp_path, capsys, change2) == [
        "agencies[1].holidays: unknown holiday country 'XX'",
        "agencies[2].business_hours: end must be after start",
        "agencies[3].timezone: unknown timezone 'Nowhere/City' (use an IANA name such as "
        "Europe/Berlin)",
        "protocols[0].sequence[0].ack_window: 'five minutes' is not a duration (use forms like "
        "90s, 5m, 1h30m, 2d)",
    ]
