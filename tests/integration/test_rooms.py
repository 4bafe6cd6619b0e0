"""Room policy on a real Synapse: invites, encryption, allow-list."""

from __future__ import annotations

from pathlib import Path

from bot.local_homeserver import LocalSynapse
from bot.room_policy import UNENCRYPTED_LEAVE_REASON
from tests.conftest import People
from tests.helpers.bot_harness import BotHarness, unique
from tests.integration.conftest import Coordination


async def test_joins_on_roster_invite_and_answers_ping_encrypted(
    coordination: Coordination,
) -> None:
    c = coordination
    cmd = await c.frontline.send(c.room_id, "!ping")
    reply = await c.frontline.wait_reply(c.room_id, cmd)

    assert reply.sender == c.bot_id
    assert reply.body == "pong"
    assert reply.content["msgtype"] == "m.notice"
    assert reply.event.decrypted
    # What the server holds is ciphertext, not the notice.
    raw = c.frontline.raw_event(c.room_id, reply.event_id)
    assert raw["type"] == "m.room.encrypted"
    assert "body" not in raw["content"]
    assert raw["content"]["algorithm"] == "m.megolm.v1.aes-sha2"
    # The command itself went to the server encrypted too.
    assert c.frontline.raw_event(c.room_id, cmd)["type"] == "m.room.encrypted"


async def test_invite_from_non_roster_user_is_ignored(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    member = await people.new("member")
    stranger = await people.new("stranger")
    strange_alias, later_alias = unique("strange"), unique("later")
    harness = BotHarness(
        synapse,
        tmp_path,
        roster=[(member.user_id, "HOTLINE", "frontline")],
        rooms=[f"#{strange_alias}:localhost", f"#{later_alias}:localhost"],
    )
    await harness.start()
    try:
        room_id = await stranger.create_room(invite=[harness.user_id], alias=strange_alias)
        # A later invite from a roster member: once the bot has joined that room, it has
        # handled the stranger's earlier invite too.
        later = await member.create_room(invite=[harness.user_id], alias=later_alias)
        await member.wait_until(
            lambda: harness.user_id in member.client.rooms[later].users, what="bot joined"
        )
        members = [
            e
            for e in stranger.raw_state(room_id)
            if e["type"] == "m.room.member" and e["state_key"] == harness.user_id
        ]
        assert members[0]["content"]["membership"] == "invite"
    finally:
        await harness.stop()


async def test_unencrypted_room_is_left_with_reason(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    member = await people.new("member")
    alias_local = unique("plain")
    harness = BotHarness(
        synapse,
        tmp_path,
        roster=[(member.user_id, "HOTLINE", "frontline")],
        rooms=[f"#{alias_local}:localhost"],
    )
    await harness.start()
    try:
        room_id = await member.create_room(
            invite=[harness.user_id], encrypted=False, alias=alias_local
        )

        def bot_membership() -> dict[str, object]:
            for e in member.raw_state(room_id):
                if e["type"] == "m.room.member" and e["state_key"] == harness.user_id:
                    return dict(e["content"])
            return {}

        await member.wait_until(
            lambda: bot_membership().get("membership") == "leave",
            what="bot left the unencrypted room",
        )
        assert bot_membership()["reason"] == UNENCRYPTED_LEAVE_REASON
        # It said why only on its membership event: no message was sent into the room.
        assert not [r for r in member.received if r.sender == harness.user_id]
    finally:
        await harness.stop()
