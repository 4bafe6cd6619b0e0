"""Output bounds and the files on disk, on a real homeserver."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import stat
from datetime import UTC, datetime
from pathlib import Path

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.integration.paging_setup import Coalition, activate_by, build


async def _say(c: Coalition, text: str, timeout: float = 20.0) -> str:
    cmd = await c.front.send(c.room_id, text)
    return (await c.front.wait_reply(c.room_id, cmd, timeout=timeout)).body


async def test_a_summary_of_long_notes_is_delivered_and_says_where_the_rest_is(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path, {"SHELTER": "60s"})
    try:
        event_id, _ = await activate_by(c, c.front, "!activate drill LETHALITY")
        for i in range(8):
            body = f"note {i} " + "n" * 3_000
            assert (await _say(c, f"!note {event_id} {body}")).startswith("Noted on ")
        summary = await _say(c, f"!summary {event_id}")
        assert summary.startswith(f"Summary of {event_id}")
        assert "…" in summary  # long lines are shortened in the chat summary
    finally:
        await c.harness.stop()


async def test_a_message_the_server_refuses_as_too_large_is_replaced_not_retried(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path)
    await c.harness.stop()
    # Written as an older MACT could have: a body far over the event size limit.
    db = sqlite3.connect(c.harness.db_path)
    db.execute(
        "insert into outbox (txn_id, room_id, event_type, content, created_at, attempts) "
        "values (?, ?, ?, ?, ?, 0)",
        (
            "notice-big-1",
            c.room_id,
            "m.room.message",
            json.dumps({"msgtype": "m.notice", "body": "z" * 70_000}),
            datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
        ),
    )
    db.commit()
    db.close()
    await c.harness.start()
    try:
        replaced = await c.front.wait_for(
            lambda r: r.body.startswith("MACT could not deliver a message here"),
            what="the replacement notice",
            timeout=20,
        )
        assert "!outbox" in replaced.body
        await asyncio.sleep(6.0)  # one retry period: the row must not be tried again
        db = sqlite3.connect(c.harness.db_path)
        row = db.execute(
            "select attempts, failed_at is not null, content from outbox where txn_id = ?",
            ("notice-big-1",),
        ).fetchone()
        db.close()
        assert row == (1, 1, "{}")
        cmd = await c.admin.send(c.room_id, "!outbox")
        listing = (await c.admin.wait_reply(c.room_id, cmd)).body
        assert "notice to " in listing and "M_TOO_LARGE: too large" in listing
    finally:
        await c.harness.stop()


async def test_files_are_private_and_typed_text_does_not_linger(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path)
    try:
        answer = await _say(c, "!ZqNameJaneDoe please")
        assert answer.startswith("Unknown command")
        await asyncio.sleep(6.0)  # the sender's periodic pass truncates the WAL
        data_dir = c.harness.db_path.parent
        assert stat.S_IMODE(data_dir.stat().st_mode) == 0o700
        for path in data_dir.rglob("*"):
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), (path, oct(mode))
        for name in ("mact.db", "mact.db-wal", "mact.db-shm"):
            path = data_dir / name
            if path.exists():
                assert b"zqnamejanedoe" not in path.read_bytes().lower(), name
    finally:
        await c.harness.stop()
    # A database others could read is refused at start.
    os.chmod(c.harness.db_path, 0o644)
    try:
        await c.harness.start()
    except Exception as err:
        assert "can be read by other users (mode 644)" in str(err)
    else:
        await c.harness.stop()
        raise AssertionError("the bot started on a world-readable database")
