"""`mact report referrals` on the database the bot writes: the same suppressed figures as
the room's report, as JSON and CSV, to stdout or a 0600 file; a bad period exits 2."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import tomli_w

from bot.cli import main
from tests.helpers.bot_harness import example_raw
from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"
LEGAL = "@tadeyemi:localhost"
REFER = "!refer LEGAL-VLA counseling --basis records --urgency priority --pathway triage"


@pytest.fixture
async def config_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A database with seven referrals to LEGAL-VLA (six accepted after 2 h, one declined
    not eligible), and a configuration whose data_dir holds it."""
    h = CommandHarness(tmp_path)
    # Made in November: in the past of whatever day the test runs.
    h.now = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    await h.open()
    try:
        for n in range(1, 8):
            await h.say(FRONT, REFER)
            h.advance(timedelta(hours=2))
            outcome = "declined --reason not-eligible" if n == 7 else "accepted"
            await h.say(LEGAL, f"!referral R-2026-{n:04d} {outcome}")
    finally:
        await h.close()
    raw = example_raw()
    raw["bot"]["data_dir"] = str(tmp_path)
    path = tmp_path / "mact.toml"
    path.write_text(tomli_w.dumps(raw), encoding="utf-8")
    monkeypatch.setenv("MACT_BOT_PASSWORD", "not-used")
    return path


def test_json_to_stdout(config_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["report", "referrals", "--config", str(config_path), "--period", "2026"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"]["label"] == "2026"
    assert data["suppress_below"] == 5
    figures = data["figures"]
    assert figures["referrals"] == 7
    assert figures["median_hours_to_acknowledgement"] == 2.0
    assert figures["misdirected"] is None  # one: suppressed
    # One declined is hidden, and the 6 accepted with it: 7 - 6 would give it away.
    status = data["tables"]["status"]["referrals"]
    assert (status["accepted"], status["declined"], status["total"]) == (None, None, 7)
    assert data["tables"]["pathway"]["referrals"]["triage"] == 7


def test_csv_to_a_private_file(
    config_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "report.csv"
    args = ["report", "referrals", "--config", str(config_path), "--period", "2026"]
    assert main([*args, "--format", "csv", "--output", str(out)]) == 0
    assert out.stat().st_mode & 0o777 == 0o600
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == ["section", "label", "column", "value"]
    assert ["agency", "SHELTER-HH", "sent", "7"] in rows
    assert ["decline_reason", "not-eligible", "declined", "<5"] in rows


def test_a_bad_period_exits_2(config_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["report", "referrals", "--config", str(config_path), "--period", "soon"])
    assert code == 2
    assert "'soon' is not a period" in capsys.readouterr().err
