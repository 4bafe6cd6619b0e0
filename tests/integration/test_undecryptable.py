"""A command MACT cannot decrypt gets one notice in reply, also across a restart."""

from __future__ import annotations

import asyncio

from bot.undecryptable import NOTICE
from tests.integration.conftest import Coordination


async def test_a_withheld_key_gets_a_notice_once_even_across_a_restart(
    coordination: Coordination,
) -> None:
    c = coordination
    await c.harness.stop()
    c.harness.raw["bot"]["undecryptable_notice_after"] = "3s"
    c.harness.write_config()
    await c.harness.start()

    # As a client in "exclude insecure devices" mode does: the room key is withheld from
    # the bot's device.
    user = c.frontline.client
    for device in user.device_store.active_user_devices(c.bot_id):
        user.blacklist_device(device)
    cmd = await c.frontline.send(c.room_id, "!ping")
    session_id = c.frontline.raw_event(c.room_id, cmd)["content"]["session_id"]
    # The bot keeps it, undecryptable, and asks the sender's device for its key.
    await c.frontline.wait_until(
        lambda: any(
            r.sender == c.bot_id and r.session_id == session_id for r in c.frontline.key_requests
        ),
        what="the bot's key request",
    )
    await c.harness.stop()
    await c.harness.start()

    reply = await c.frontline.wait_reply(c.room_id, cmd, timeout=30)
    assert reply.body == NOTICE
    assert reply.content["m.mentions"] == {"user_ids": [c.frontline.user_id]}
    # Once: a further sync round does not repeat it.
    admin = c.admin
    ping = await admin.send(c.room_id, "!ping")
    await admin.wait_reply(c.room_id, ping, timeout=20)
    await asyncio.sleep(1.0)
    assert len(c.frontline.replies_to(cmd)) == 1
