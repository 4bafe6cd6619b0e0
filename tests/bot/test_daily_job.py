"""The daily job (purge, directory reminders) is durable: its last run is in the database,
so a restart after a day runs it at once, and a restart within the day does not."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.cli import main
from bot.daily_job import LAST_RUN, DailyJob
from bot.private_files import write_private
from storage.db import Database
from storage.models import ProcessedEvent
from storage.repositories import state
from tests.helpers.bot_harness import example_raw
from tests.helpers.command_harness import example_config

T0 = datetime(2026, 12, 1, 3, 0, tzinfo=UTC)


async def test_the_purge_runs_daily_across_restarts(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'mact.db'}")
    await db.migrate()
    clock = [T0]
    try:
        async with db.transaction() as session:
            for i in range(3):
                at = T0 - timedelta(days=40 - i * 20)  # 40, 20 and 0 days old
                session.add(ProcessedEvent(event_id=f"$e{i}", room_id="!r:hs", processed_at=at))
        job = DailyJob(db, example_config(), lambda: clock[0])
        first = await job.run_if_due()
        assert first is not None and first.counts["processed event ids"] == 1
        # A restart an hour later: a new job, same database: not due.
        clock[0] = T0 + timedelta(hours=1)
        assert await DailyJob(db, example_config(), lambda: clock[0]).run_if_due() is None
        # A day on: due again; what aged past 30 days meanwhile goes.
        clock[0] = T0 + timedelta(days=11)
        again = await DailyJob(db, example_config(), lambda: clock[0]).run_if_due()
        assert again is not None and again.counts["processed event ids"] == 1
        async with db.transaction() as session:
            assert await state.get(session, LAST_RUN) == clock[0].isoformat()
    finally:
        await db.close()


def test_mact_purge_dry_run_lists_and_changes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import tomli_w

    raw = example_raw()
    raw["bot"].pop("password_env", None)
    raw["bot"]["password_file"] = "bot.password"
    raw["bot"]["data_dir"] = str(tmp_path / "data")
    write_private(tmp_path / "bot.password", "unused")
    config = tmp_path / "config.toml"
    config.write_text(tomli_w.dumps(raw), encoding="utf-8")
    db_path = tmp_path / "data" / "mact.db"

    async def seed() -> None:
        db = Database(f"sqlite+aiosqlite:///{db_path}")
        await db.migrate()
        async with db.transaction() as session:
            old = datetime(2025, 1, 1, tzinfo=UTC)
            session.add(ProcessedEvent(event_id="$old", room_id="!r:hs", processed_at=old))
        await db.close()

    asyncio.run(seed())
    assert main(["purge", "--config", str(config), "--dry-run"]) == 0
    assert capsys.readouterr().out == "processed event ids: 1\n"
    assert main(["purge", "--config", str(config), "--dry-run"]) == 0  # still there
    assert capsys.readouterr().out == "processed event ids: 1\n"
    assert main(["purge", "--config", str(config)]) == 0
    assert capsys.readouterr().out == "processed event ids: 1\n"
    assert main(["purge", "--config", str(config), "--dry-run"]) == 0
    assert capsys.readouterr().out == "nothing to purge\n"
