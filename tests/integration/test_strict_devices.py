"""[bot] strict_devices: a device its owner did not sign never gets the room key."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.cross_signing import CrossSigning
from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.bot_harness import BotHarness, unique
from tests.helpers.matrix_user import MatrixUser
from tests.integration.conftest import open_room


@pytest.fixture
async def second_devices() -> AsyncIterator[list[MatrixUser]]:
    made: list[MatrixUser] = []
    yield made
    for user in made:
        await user.close()


@pytest.mark.parametrize("strict", [True, False], ids=["strict", "default"])
async def test_only_devices_their_owner_signed_read_the_bot(
    synapse: LocalSynapse,
    people: People,
    tmp_path: Path,
    second_devices: list[MatrixUser],
    strict: bool,
) -> None:
    staff = await people.new("staff")
    # The staff member's own client cross-signs its device, as Element does at login.
    if staff.client.should_upload_keys:
        await staff.client.keys_upload()
    await CrossSigning(staff.client, tmp_path / "staff-keys", staff.password).ensure()
    alias_local = unique("strict")
    harness = BotHarness(
        synapse,
        tmp_path,
        roster=[(staff.user_id, "HOTLINE", "frontline")],
        rooms=[f"#{alias_local}:localhost"],
    )
    harness.raw["bot"]["strict_devices"] = strict
    harness.write_config()
    await harness.start()
    try:
        room_id = await open_room(people, harness, staff, alias_local, [])
        # A second device of the same account that nobody signed: what a compromised
        # homeserver could add.
        rogue = MatrixUser(synapse, staff.user_id, staff.password, tmp_path / "rogue")
        second_devices.append(rogue)
        await rogue.login()
        await rogue.start()
        await rogue.wait_until(lambda: room_id in rogue.client.rooms, what="rogue in room")
        await staff.wait_until(
            lambda: len(list(staff.client.device_store.active_user_devices(staff.user_id))) >= 1,
            what="own devices known",
        )

        cmd = await staff.send(room_id, "!ping")
        reply = await staff.wait_reply(room_id, cmd, timeout=20)
        assert reply.body == "pong"  # the signed device reads the bot
        if strict:
            await asyncio.sleep(1.5)
            assert rogue.replies_to(cmd) == []  # the unsigned one never could
            assert any(e.event_id == reply.event_id for e in rogue.undecrypted)
        else:
            # Without the setting (the default), every device of a member reads the bot.
            assert (await rogue.wait_reply(room_id, cmd, timeout=20)).body == "pong"
    finally:
        await harness.stop()
