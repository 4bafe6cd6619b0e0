"""Undecryptable messages are kept across restarts and given up after a day."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from nio import AsyncClient, MegolmEvent

from bot.undecryptable import GIVE_UP_AFTER, Undecryptable
from storage.db import Database
from storage.repositories import undecrypted
from tests.helpers.command_harness import example_config

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
SOURCE: dict[str, Any] = {
    "event_id": "$enc1",
    "sender": "@agrant:localhost",
    "origin_server_ts": 1,
    "type": "m.room.encrypted",
    "content": {
        "algorithm": "m.megolm.v1.aes-sha2",
        "ciphertext": "AwgAEhCZ",
        "device_id": "DEV",
        "sender_key": "k" * 43,
        "session_id": "s" * 43,
    },
}


async def test_kept_across_a_restart_then_given_up_after_a_day(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'mact.db'}")
    await db.migrate()
    client = AsyncClient("http://127.0.0.1:1", "@mact:localhost")  # never connected
    clock = [T0]
    try:
        first = Undecryptable(client, db, example_config(), lambda: clock[0], lambda r: True)
        event = MegolmEvent.from_dict(SOURCE)
        assert isinstance(event, MegolmEvent)
        await first.hold("!coordination:localhost", event)

        # After a restart the event is waiting again.
        again = Undecryptable(client, db, example_config(), lambda: clock[0], lambda r: True)
        await again.load()
        clock[0] = T0 + GIVE_UP_AFTER + timedelta(seconds=1)
        readable, _ = await again.retry()
        assert readable == []
        async with db.transaction() as session:
            assert await undecrypted.all_waiting(session) == []
    finally:
        await client.close()
        await db.close()
