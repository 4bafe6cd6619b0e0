"""Directory reachability: `!directory check` and `mact directory check` on a real server."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

from bot.directory import NO_ACCOUNT, NO_DEVICE
from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.bot_harness import unique
from tests.integration.paging_setup import build

MACT = Path(sys.executable).parent / "mact"


async def test_directory_check_names_missing_accounts_and_deviceless_contacts(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path)
    ghost = f"@{unique('ghost')}:localhost"
    deviceless = synapse.register(unique("nodevice"))
    # An account whose only device never uploaded keys, like a contact who never logged in
    # with an E2EE client.
    c.harness.raw["agencies"][2]["backup"] = {
        "name": "Ghost",
        "role": "Officer",
        "matrix_id": ghost,
    }
    c.harness.raw["agencies"][3]["backup"] = {
        "name": "No Device",
        "role": "Paralegal",
        "matrix_id": deviceless.user_id,
    }
    c.harness.write_config()
    await c.harness.stop()
    await c.harness.start()
    try:
        await c.coord.wait_knows_devices_of(c.harness.user_id, c.room_id)
        cmd = await c.coord.send(c.room_id, "!directory check")
        lines = (await c.coord.wait_reply(c.room_id, cmd, timeout=20)).body.splitlines()
        assert lines == [
            "2 of 9 directory contacts cannot be paged:",
            f"PD backup {ghost} (Ghost): {NO_ACCOUNT}",
            f"LEGAL backup {deviceless.user_id} (No Device): {NO_DEVICE}",
        ]
        cmd = await c.front.send(c.room_id, "!directory check")
        assert (await c.front.wait_reply(c.room_id, cmd)).body == (
            "!directory check needs the supervisor, leadership, coordinator or admin role; "
            "you are frontline (SHELTER)."
        )
        cmd = await c.front.send(c.room_id, "!directory HOSP")
        detail = (await c.front.wait_reply(c.room_id, cmd)).body.splitlines()
        assert detail[0] == "HOSP — St. Brigid SW (hospital)"
        assert detail[1].startswith(f"  primary: Hosp One, Staff, {c.uid('h1')}")
        assert f"  escalation: {c.uid('h3')}" in detail
    finally:
        await c.harness.stop()

    # The CLI gives the same report, using the bot's stored login, and exits 1.
    result = await asyncio.to_thread(
        subprocess.run,
        [str(MACT), "directory", "check", "--config", str(c.harness.config_path)],
        capture_output=True,
        text=True,
        check=False,
        env=dict(os.environ),
    )
    assert result.returncode == 1, result.stderr
    assert result.stdout.splitlines() == [
        f"PD backup {ghost} (Ghost): {NO_ACCOUNT}",
        f"LEGAL backup {deviceless.user_id} (No Device): {NO_DEVICE}",
    ]
