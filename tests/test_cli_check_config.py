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
    raw["roster"][0]["agency"] = "NOPE"
    raw["roster"][2]["matrix_id"] = raw["roster"][1]["matrix_id"]
    raw["agencies"].append(dict(raw["agencies"][0]))
    code, lines = run_check(write(tmp_path, raw), capsys)
    assert code == 2
    assert lines[0] == "agencies[6].code: duplicate agency code 'SHELTER-HH'"
    assert lines[1].startswith("roster[0].agency: unknown agency code 'NOPE' (known: SHELTER-HH, ")
    assert lines[2] == (
        "roster[2].matrix_id: duplicate Matrix id '@sokafor:localhost' (also roster[1])"
    )
    assert len(lines) == 3


def test_field_errors_name_their_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    raw = example_raw()
    raw["roster"][3]["matrix_id"] = "pnatarajan"
    raw["roster"][4]["role"] = "boss"
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
    assert any(line.startswith("roster[4].role: Input should be ") for line in lines)
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
