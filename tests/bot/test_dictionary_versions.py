"""The start-up announcement of a dictionary version: posted once, and a failure never
stops the bot (it is logged by type, with no content, and tried at the next start)."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.dictionary_versions import announce_dictionary
from storage.db import Database
from storage.repositories import dictionary_versions, outbox
from tests.helpers.command_harness import example_config
from tests.helpers.dictionaries import older

NOW = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
ROOMS = {"#coordination:localhost": "!coordination:localhost"}


async def test_posted_once_after_an_older_version(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'mact.db'}")
    await db.migrate()
    config = example_config()
    try:
        async with db.transaction() as session:
            await dictionary_versions.remember(session, older(), NOW)
        assert await announce_dictionary(db, config, ROOMS, NOW) == 5
        assert await announce_dictionary(db, config, ROOMS, NOW) == 0
        async with db.transaction() as session:
            (posted,) = [m.message for m in await outbox.unsent(session, limit=10)]
        assert posted.txn_id == "dictionary-2026.2"
        assert posted.room_id == "!coordination:localhost"
    finally:
        await db.close()


async def test_a_failure_is_logged_and_never_raised(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'never-migrated.db'}")
    try:
        with caplog.at_level(logging.WARNING, logger="bot.dictionary_versions"):
            assert await announce_dictionary(db, example_config(), ROOMS, NOW) == 0
        assert caplog.messages == ["data dictionary announcement failed: OperationalError"]
    finally:
        await db.close()
