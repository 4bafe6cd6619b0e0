"""The command framework where it crosses Matrix: sent replies emptied from the database,
notices and the bot's own messages ignored. Roster, roles, grammar, escaping, threads and
help are tested in-process (tests/commands/admin/test_basics.py)."""

from __future__ import annotations

import asyncio
import sqlite3
import time

from tests.integration.conftest import Coordination


async def ask(c: Coordination, user, body: str, thread_root: str | None = None):  # type: ignore[no-untyped-def]
    event_id = await user.send(c.room_id, body, thread_root=thread_root)
    return await user.wait_reply(c.room_id, event_id)


async def test_admin_reads_audit_without_message_bodies(coordination: Coordination) -> None:
    c = coordination
    await ask(c, c.frontline, "!ping")
    await ask(c, c.frontline, "!help <i>secret-words</i>")
    reply = await ask(c, c.admin, "!audit 5")
    lines = reply.body.splitlines()
    # The running !audit is recorded when it commits, so it lists the two before it.
    assert lines[0] == "Last 2 audit entries:"
    assert lines[1].endswith(f"{c.frontline.user_id} (HOTLINE/frontline) help → rejected")
    assert lines[2].endswith(f"{c.frontline.user_id} (HOTLINE/frontline) ping → ok")

    # Nothing the users typed is kept: not in the audit log, and sent replies are emptied.
    # A reply can reach the user a moment before the bot records its send and empties it.
    def dump() -> str:
        db = sqlite3.connect(c.harness.db_path)
        text = "\n".join(db.iterdump())
        db.close()
        return text

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if "pong" not in dump():
            break
        await asyncio.sleep(0.1)
    assert "pong" not in dump()
    assert "secret-words" not in dump()


async def test_notices_and_own_messages_are_ignored(coordination: Coordination) -> None:
    c = coordination
    notice = await c.frontline.client.room_send(
        c.room_id,
        "m.room.message",
        {"msgtype": "m.notice", "body": "!ping"},
        ignore_unverified_devices=True,
    )
    probe = await ask(c, c.frontline, "!ping")
    assert probe.body == "pong"
    assert c.frontline.replies_to(notice.event_id) == []
