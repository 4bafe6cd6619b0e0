"""A notice made before its thread's root was sent joins the thread when it is sent."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any, cast

import pytest

from bot.sender import OutboxSender
from bot.sender_errors import WaitingForRoot
from protocols.outbox import PENDING_THREAD_ROOT, OutgoingMessage
from storage.db import Database
from storage.repositories import outbox

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)
ROOM = "!coordination:localhost"


async def test_the_notice_joins_the_roots_thread_or_else_the_room(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'mact.db'}")
    await db.migrate()
    try:
        # Only the database is used here: the client, DMs and health are never touched.
        none = cast(Any, None)
        sender = OutboxSender(none, db, lambda: T0, none, none)
        notice = {
            "msgtype": "m.notice",
            "body": "SHELTER acknowledged",
            PENDING_THREAD_ROOT: "root-CE-2026-0001",
        }

        # No such root: the notice goes to the room, the marker removed.
        assert await sender._in_pending_thread(notice) == {
            "msgtype": "m.notice",
            "body": "SHELTER acknowledged",
        }
        # The root is queued, not sent yet (behind a page in another lane): it waits.
        async with db.transaction() as session:
            root = OutgoingMessage("root-CE-2026-0001", ROOM, "m.room.message", {"body": "x"})
            row = await outbox.enqueue(session, root, T0)
        with pytest.raises(WaitingForRoot):
            await sender._in_pending_thread(notice)

        async with db.transaction() as session:
            await outbox.mark_sent(session, row, "$root", T0, ROOM)
        content = await sender._in_pending_thread(notice)
        assert PENDING_THREAD_ROOT not in content
        assert content["m.relates_to"]["rel_type"] == "m.thread"
        assert content["m.relates_to"]["event_id"] == "$root"
        assert PENDING_THREAD_ROOT in notice  # the stored content is left as it was

        # A root the homeserver will never take: the notice goes to the room after all.
        async with db.transaction() as session:
            lost = OutgoingMessage("root-CE-2026-0002", ROOM, "m.room.message", {"body": "y"})
            await outbox.give_up(session, await outbox.enqueue(session, lost, T0), "413", T0)
        other = {"body": "late", PENDING_THREAD_ROOT: "root-CE-2026-0002"}
        assert await sender._in_pending_thread(other) == {"body": "late"}
    finally:
        await db.close()
