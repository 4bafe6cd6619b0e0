"""The bot's device is cross-signed by its own account (MSC4153), and stays so across a
restart and a new device; the private keys stay in one 0600 file."""

from __future__ import annotations

import asyncio
import json
import shutil
import stat
import subprocess
import sys
from typing import Any

from signedjson.key import decode_verify_key_base64
from signedjson.sign import verify_signed_json

from bot.cross_signing import KEYS_FILE, fingerprint
from tests.integration.conftest import Coordination


async def keys_of(c: Coordination, user_id: str) -> dict[str, Any]:
    """What any member's client sees of the bot's keys."""
    resp = await c.frontline.client.send(
        "POST",
        "/_matrix/client/v3/keys/query",
        data=json.dumps({"device_keys": {user_id: []}}),
        headers={
            "Authorization": f"Bearer {c.frontline.client.access_token}",
            "Content-Type": "application/json",
        },
    )
    assert resp.status == 200
    result: dict[str, Any] = await resp.json()
    return result


def only_key(key_object: dict[str, Any]) -> tuple[str, str]:
    ((key_id, public),) = key_object["keys"].items()
    return key_id, public


def assert_device_signed(keys: dict[str, Any], bot: str, device_id: str) -> str:
    """Checks every signature from the device up to the master key; returns the master."""
    _, master = only_key(keys["master_keys"][bot])
    ssk_object = keys["self_signing_keys"][bot]
    ssk_id, ssk = only_key(ssk_object)
    verify_signed_json(ssk_object, bot, decode_verify_key_base64("ed25519", master, master))
    device = keys["device_keys"][bot][device_id]
    assert ssk_id in device["signatures"][bot]
    verify_signed_json(device, bot, decode_verify_key_base64("ed25519", ssk, ssk))
    return master


async def test_the_bots_device_is_signed_by_its_own_master_key(
    coordination: Coordination,
) -> None:
    c = coordination
    bot = c.harness.bot
    assert bot is not None
    first_device = bot.client.device_id
    master = assert_device_signed(await keys_of(c, c.bot_id), c.bot_id, first_device)

    # What a coordinator runs to compare the bot's identity with what Element shows.
    cli = [
        sys.executable,
        "-m",
        "bot.cli",
        "keys",
        "status",
        "--config",
        str(c.harness.config_path),
    ]
    status = await asyncio.to_thread(subprocess.run, cli, capture_output=True, text=True)
    assert status.returncode == 0, status.stdout + status.stderr
    assert f"bot: {c.bot_id}, device {first_device}" in status.stdout
    assert f"master key: {fingerprint(master)}" in status.stdout
    assert "device signed by the self-signing key: yes" in status.stdout

    store = c.harness.tmp / "bot-data" / "crypto-store"
    key_file = store / KEYS_FILE
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    private = [v["private"] for v in json.loads(key_file.read_text()).values()]
    for path in c.harness.db_path.parent.glob("mact.db*"):
        assert not any(p.encode() in path.read_bytes() for p in private), path

    # A restart keeps everything as it is.
    await c.harness.stop()
    await c.harness.start()
    assert c.harness.bot is not None and c.harness.bot.client.device_id == first_device
    assert assert_device_signed(await keys_of(c, c.bot_id), c.bot_id, first_device) == master

    # A lost E2EE store means a new device: it is signed with the same, kept keys.
    await c.harness.stop()
    kept = key_file.read_text()
    shutil.rmtree(store)
    store.mkdir(mode=0o700)
    key_file.write_text(kept)
    key_file.chmod(0o600)
    await c.harness.start()
    bot = c.harness.bot
    assert bot is not None and bot.client.device_id != first_device
    assert (
        assert_device_signed(await keys_of(c, c.bot_id), c.bot_id, bot.client.device_id) == master
    )
