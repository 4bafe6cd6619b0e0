"""Interop on Element's crypto stack: a matrix-js-sdk client with Rust crypto, in "exclude
insecure devices" mode (MSC4153), talks to MACT and trusts what it reads."""

from __future__ import annotations

import asyncio
import json
import subprocess
from pathlib import Path
from typing import Any

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.bot_harness import BotHarness, unique

HERE = Path(__file__).parent


async def element_client(args: dict[str, Any]) -> dict[str, Any]:
    """Run the Node client once; its last stdout line is its JSON report."""
    done = await asyncio.to_thread(
        subprocess.run,
        ["node", str(HERE / "element_client.mjs"), json.dumps(args)],
        capture_output=True,
        text=True,
        timeout=90,
        cwd=HERE,
    )
    for line in reversed(done.stdout.splitlines()):
        # The Rust crypto layer logs to stdout too; the report is the line with our keys.
        if line.startswith('{"sent"') or line.startswith('{"error"'):
            report: dict[str, Any] = json.loads(line)
            return report
    raise AssertionError(f"no report; exit {done.returncode}: {done.stderr[-1500:]}")


async def test_an_element_client_excluding_insecure_devices_talks_to_mact(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    owner = await people.new("owner")
    staff = synapse.register(unique("element"))
    alias_local = unique("interop")
    harness = BotHarness(
        synapse,
        tmp_path,
        roster=[(owner.user_id, "HOTLINE", "frontline"), (staff.user_id, "HOTLINE", "frontline")],
        rooms=[f"#{alias_local}:localhost"],
    )
    await harness.start()
    try:
        room_id = await owner.create_room(
            invite=[harness.user_id, staff.user_id], alias=alias_local
        )
        await owner.wait_knows_devices_of(harness.user_id, room_id)
        report = await element_client(
            {
                "homeserver": synapse.url,
                "userId": staff.user_id,
                "password": staff.password,
                "roomId": room_id,
                "command": "!ping",
                "timeoutMs": 60000,
            }
        )
        assert "error" not in report, report
        # The command reached MACT (the client shared its key with the bot's device, which
        # its owner signed), and the answer decrypted for a client that accepts nothing else.
        assert report.get("body") == "pong", report
        assert report["decryptionFailure"] is False
        # No red shield: the bot's device is verified by its owner.
        assert report["shieldColour"] == 0, report  # EventShieldColour.NONE
    finally:
        await harness.stop()
