"""A coordination room with the bot in it, for tests that need one."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.bot_harness import BotHarness, unique
from tests.helpers.matrix_user import MatrixUser


@dataclass
class Coordination:
    harness: BotHarness
    room_id: str
    alias: str
    frontline: MatrixUser
    admin: MatrixUser

    @property
    def bot_id(self) -> str:
        return self.harness.user_id


async def open_room(
    people: People,
    harness: BotHarness,
    owner: MatrixUser,
    alias_local: str,
    others: list[MatrixUser],
) -> str:
    room_id = await owner.create_room(
        invite=[harness.user_id, *[o.user_id for o in others]], alias=alias_local
    )
    for o in others:
        await o.join(room_id)
    for u in (owner, *others):
        await u.wait_knows_devices_of(harness.user_id, room_id)
    return room_id


@pytest.fixture
async def coordination(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> AsyncIterator[Coordination]:
    frontline = await people.new("front")
    admin = await people.new("admin")
    alias_local = unique("coord")
    alias = f"#{alias_local}:{synapse.server_name}"
    harness = BotHarness(
        synapse,
        tmp_path,
        roster=[(frontline.user_id, "HOTLINE", "frontline"), (admin.user_id, "HOTLINE", "admin")],
        rooms=[alias],
    )
    await harness.start()
    room_id = await open_room(people, harness, frontline, alias_local, [admin])
    yield Coordination(harness, room_id, alias, frontline, admin)
    await harness.stop()
