"""A new data dictionary version on a real homeserver: the bot that starts with it posts
what changed since the version it ran with before, encrypted, in the coordination room;
once, and not again after a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.bot_harness import BotHarness, unique
from tests.helpers.dictionaries import EXAMPLE_DICTIONARY, older_raw, write

HEAD = "Data dictionary 2026.2: what changed since 2026.1 (5)"


async def test_a_new_version_is_posted_once(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    old = write(older_raw(), tmp_path / "dictionary-2026.1.toml")
    coord = await people.new("coord")
    alias_local = unique("dict")

    def mutate(raw: dict[str, Any]) -> None:
        raw["data"]["dictionary"] = str(old)

    harness = BotHarness(
        synapse, tmp_path, roster=[(coord.user_id, "CCR", "coordinator")],
        rooms=[f"#{alias_local}:{synapse.server_name}"], mutate=mutate,
    )  # fmt: skip
    try:
        await harness.start()
        room = await coord.create_room(invite=[harness.user_id], alias=alias_local)
        await coord.wait_knows_devices_of(harness.user_id, room)
        cmd = await coord.send(room, "!dict")
        assert (await coord.wait_reply(room, cmd, timeout=30)).body.startswith(
            "Riverside CCR shared data dictionary, version 2026.1"
        )
        await harness.stop()

        harness.raw["data"]["dictionary"] = str(EXAMPLE_DICTIONARY)
        harness.write_config()
        await harness.start()
        notice = await coord.wait_for(lambda r: r.body.startswith(HEAD), timeout=30)
        assert notice.room_id == room and notice.event.decrypted
        assert "- housing_status 'doubled-up' retired: in 2026.2" in notice.body
        assert coord.raw_event(room, notice.event_id)["type"] == "m.room.encrypted"

        await harness.stop()
        await harness.start()
        probe = await coord.send(room, "!dict changes")
        again = await coord.wait_reply(room, probe, timeout=30)
        assert again.body.startswith(HEAD)  # asked for: shown; never posted unasked
        await asyncio.sleep(2.0)
        unasked = [r for r in coord.received if r.body.startswith(HEAD) and r is not again]
        assert [r.event_id for r in unasked] == [notice.event_id]
    finally:
        await harness.stop()
