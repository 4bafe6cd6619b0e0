"""Interop on Element's crypto stack: matrix-js-sdk clients with Rust crypto, cross-signed as
Element sets itself up at login, talk to MACT. Every assertion is on what the js-sdk client
decrypted and how it judged the sender's device, not on the bot's logs."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from bot.local_homeserver import LocalSynapse
from bot.undecryptable import NOTICE
from tests.conftest import People
from tests.helpers.bot_harness import BotHarness, unique
from tests.interop.element_session import ElementSession, Record

SHIELD_NONE = 0  # EventShieldColour.NONE: no red or grey shield


def verified_from(sender: str, record: Record) -> bool:
    """Decrypted, from `sender`, and its device verified by its owner (no shield)."""
    return (
        record["sender"] == sender
        and record["encrypted"]
        and not record["decryptionFailure"]
        and record["shieldColour"] == SHIELD_NONE
    )


@contextlib.asynccontextmanager
async def hotline_room(
    synapse: LocalSynapse, people: People, tmp: Path, mode: str, **bot: str
) -> AsyncIterator[tuple[str, ElementSession, str]]:
    """MACT (with `bot` settings) and a js-sdk staff member in `mode`, both in a coordination
    room a nio member opened: yields (bot's user id, the js client, room id)."""
    owner = await people.new("owner")
    staff = synapse.register(unique("element"))
    alias_local = unique("interop")
    harness = BotHarness(
        synapse,
        tmp,
        roster=[(owner.user_id, "HOTLINE", "frontline"), (staff.user_id, "HOTLINE", "frontline")],
        rooms=[f"#{alias_local}:{synapse.server_name}"],
    )
    harness.raw["bot"].update(bot)
    harness.write_config()
    await harness.start()
    try:
        async with ElementSession(synapse.url, staff.user_id, staff.password, mode) as js:
            room_id = await owner.create_room(
                invite=[harness.user_id, staff.user_id], alias=alias_local
            )
            await js.join(room_id)
            yield harness.user_id, js, room_id
    finally:
        await harness.stop()


async def test_an_element_client_excluding_insecure_devices_gets_answers(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    async with hotline_room(synapse, people, tmp_path, "only-signed") as (bot, js, room_id):
        ping = await js.send(room_id, "!ping")
        # The command reached MACT (the client shared its key with the bot's device, which
        # its owner signed), and the answer decrypted for a client that accepts nothing
        # else, with no red shield.
        pong = await js.wait_message(lambda r: r["replyTo"] == ping, what="answer")
        assert pong["body"] == "pong", pong
        assert verified_from(bot, pong), pong


def one_agency_drill(contact_id: str, alias: str) -> Any:
    def mutate(raw: dict[str, Any]) -> None:
        raw["agencies"] = [
            {
                "code": "SHELTER",
                "name": "Harbor House",
                "kind": "shelter",
                "after_hours": "line",
                "primary": {"name": "Sam Element", "role": "Staff", "matrix_id": contact_id},
            }
        ]
        raw["protocols"] = [
            {
                "id": "drill",
                "title": "Interop drill",
                "version": 1,
                "default_lead": "SHELTER",
                "may_activate": ["coordinator"],
                "criteria": [{"code": "LETHALITY", "description": "high lethality screen"}],
                "sequence": [{"agency": "SHELTER", "ack_window": "2m", "on_no_ack": "notice"}],
                "communication": {"room": alias},
            }
        ]

    return mutate


async def test_an_element_contact_is_paged_and_acknowledges_with_an_encrypted_check(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    coordinator = await people.new("coord")
    staff = synapse.register(unique("element"))
    alias_local = unique("interop")
    alias = f"#{alias_local}:{synapse.server_name}"
    harness = BotHarness(
        synapse,
        tmp_path,
        roster=[
            (coordinator.user_id, "SHELTER", "coordinator"),
            (staff.user_id, "SHELTER", "frontline"),
        ],
        rooms=[alias],
        mutate=one_agency_drill(staff.user_id, alias),
    )
    await harness.start()
    try:
        async with ElementSession(synapse.url, staff.user_id, staff.password, "only-signed") as js:
            room_id = await coordinator.create_room(
                invite=[harness.user_id, staff.user_id], alias=alias_local
            )
            await js.join(room_id)
            await coordinator.wait_knows_devices_of(harness.user_id, room_id)
            await coordinator.send(room_id, "!activate drill LETHALITY")

            # The page reaches the js-sdk contact in a DM MACT opened: decrypted, verified.
            page = await js.wait_message(
                lambda r: (r["body"] or "").startswith("MACT page for ") and r["relType"] is None,
                timeout=60,
                what="page",
            )
            assert page["roomId"] != room_id
            assert verified_from(harness.user_id, page), page
            assert "Lead agency: SHELTER" in page["body"]

            # An encrypted ✅ (as Element X sends reactions) on the page acknowledges it.
            done = await js.react(page["roomId"], page["eventId"], "✅")
            assert done["storedType"] == "m.room.encrypted"
            ack = await js.wait_message(
                lambda r: (r["body"] or "").startswith("SHELTER acknowledged in "),
                what="ack notice in the huddle thread",
            )
            assert ack["roomId"] == room_id and ack["relType"] == "m.thread", ack
            assert ack["body"].endswith(" by Sam Element")
            assert verified_from(harness.user_id, ack), ack
    finally:
        await harness.stop()


async def test_a_command_whose_key_is_withheld_from_mact_gets_a_notice(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    # Element's "never send encrypted messages to unverified sessions": MACT's device is
    # signed by its owner but not verified by this user, so it gets no key, and is told so
    # (m.room_key.withheld): the sender hears at once, not after the 10-minute wait.
    async with hotline_room(
        synapse, people, tmp_path, "never-unverified", undecryptable_notice_after="10m"
    ) as (bot, js, room_id):
        ping = await js.send(room_id, "!ping")
        notice = await js.wait_message(lambda r: r["replyTo"] == ping, what="notice")
        assert notice["body"] == NOTICE
        assert verified_from(bot, notice), notice
        # The command itself was never read: no "pong" came.
        assert not any(r.get("body") == "pong" for r in js.records)
