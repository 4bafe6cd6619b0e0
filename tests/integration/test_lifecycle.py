"""Start-up refusals, clean shutdown and log hygiene."""

from __future__ import annotations

import asyncio
import dataclasses
import logging
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.config_loader import load_config_or_raise
from bot.homeserver_health import HomeserverHealth
from bot.local_homeserver import LocalSynapse
from bot.login import EncryptionUnavailable, log_in, make_client
from tests.conftest import People
from tests.helpers.bot_harness import BotHarness, unique
from tests.integration.conftest import Coordination


async def test_refuses_to_run_when_encryption_is_not_active(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    member = await people.new("member")
    harness = BotHarness(
        synapse,
        tmp_path,
        roster=[(member.user_id, "HOTLINE", "frontline")],
        rooms=["#nowhere:localhost"],
    )
    loaded = load_config_or_raise(harness.config_path)
    client = make_client(loaded)
    # As if the E2EE store could not be loaded: nio would then send plaintext.
    client.config = dataclasses.replace(client.config, encryption_enabled=False)
    try:
        with pytest.raises(EncryptionUnavailable, match="refusing to run without encryption"):
            await log_in(client, loaded, HomeserverHealth(SystemClock().now), asyncio.Event())
    finally:
        await client.close()


async def test_sigterm_stops_the_process_cleanly_and_keys_survive(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    member = await people.new("member")
    alias = unique("lifecycle")
    harness = BotHarness(
        synapse,
        tmp_path,
        roster=[(member.user_id, "HOTLINE", "frontline")],
        rooms=[f"#{alias}:localhost"],
    )
    harness.start_process()
    harness.wait_process_log("ready:")
    room_id = await member.create_room(invite=[harness.user_id], alias=alias)
    await member.wait_knows_devices_of(harness.user_id, room_id)
    first = await member.send(room_id, "!ping")
    await member.wait_reply(room_id, first)
    devices_before = {
        (d.id, d.ed25519) for d in member.client.device_store.active_user_devices(harness.user_id)
    }
    assert harness.terminate_process() == 0
    assert "stopped" in (tmp_path / "bot-process.log").read_text()

    # Restarted, it is the same device (no logout, no new keys) and still answers.
    harness.start_process()
    harness.wait_process_log("restoring login")
    second = await member.send(room_id, "!ping")
    assert (await member.wait_reply(room_id, second)).body == "pong"
    assert {
        (d.id, d.ed25519) for d in member.client.device_store.active_user_devices(harness.user_id)
    } == devices_before
    assert harness.terminate_process() == 0


async def test_logs_hold_ids_not_message_bodies(
    coordination: Coordination, caplog: pytest.LogCaptureFixture
) -> None:
    c = coordination
    caplog.set_level(logging.DEBUG, logger="bot")
    caplog.set_level(logging.DEBUG, logger="commands")
    for body in ("!help unguessable-word-1", "!nosuchcmd unguessable-word-2", "!ping extra-3"):
        event_id = await c.frontline.send(c.room_id, body)
        await c.frontline.wait_reply(c.room_id, event_id)
    text = caplog.text
    assert "command handled" in text
    for needle in ("unguessable-word-1", "unguessable-word-2", "extra-3", "No command called"):
        assert needle not in text
