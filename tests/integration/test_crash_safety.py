"""Exactly once across restarts and replayed syncs."""

from __future__ import annotations

import asyncio
import sqlite3

from tests.integration.conftest import Coordination


def _stored_token(c: Coordination) -> str:
    db = sqlite3.connect(c.harness.db_path)
    (token,) = db.execute("select value from kv where key='sync_token'").fetchone()
    db.close()
    return str(token)


def _set_token(c: Coordination, token: str) -> None:
    db = sqlite3.connect(c.harness.db_path)
    db.execute("update kv set value=? where key='sync_token'", (token,))
    db.commit()
    db.close()


async def _probe(c: Coordination) -> None:
    """A full round trip: when it returns, the bot has handled everything sent before."""
    probe = await c.frontline.send(c.room_id, "!ping")
    await c.frontline.wait_reply(c.room_id, probe)


async def test_command_sent_while_stopped_is_answered_once(coordination: Coordination) -> None:
    c = coordination
    await _probe(c)
    await c.harness.stop()
    while_down = await c.frontline.send(c.room_id, "!whoami")
    await asyncio.sleep(0.5)
    assert c.frontline.replies_to(while_down) == []

    await c.harness.start()
    reply = await c.frontline.wait_reply(c.room_id, while_down)
    assert reply.body.startswith(f"{c.frontline.user_id}: frontline")

    await c.harness.stop()
    await c.harness.start()
    await _probe(c)
    assert len(c.frontline.replies_to(while_down)) == 1


async def test_replayed_sync_does_not_answer_twice(coordination: Coordination) -> None:
    """As if the bot crashed after handling a command but before saving the sync token."""
    c = coordination
    await _probe(c)
    token_before = _stored_token(c)
    cmd = await c.frontline.send(c.room_id, "!whoami")
    await c.frontline.wait_reply(c.room_id, cmd)
    await c.harness.stop()

    _set_token(c, token_before)
    await c.harness.start()
    await _probe(c)
    assert len(c.frontline.replies_to(cmd)) == 1


async def test_a_long_gap_while_stopped_loses_no_command(coordination: Coordination) -> None:
    """More commands than one sync returns per room: the gap is fetched with /messages."""
    c = coordination
    await _probe(c)
    await c.harness.stop()
    c.harness.raw["bot"]["sync_timeline_limit"] = 2
    c.harness.write_config()
    sent = [await c.frontline.send(c.room_id, "!whoami") for _ in range(6)]
    await c.harness.start()
    for event_id in sent:
        await c.frontline.wait_reply(c.room_id, event_id, timeout=20)
    await _probe(c)
    assert [len(c.frontline.replies_to(e)) for e in sent] == [1] * 6
