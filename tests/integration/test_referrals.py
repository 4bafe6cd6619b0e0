"""A referral between two agencies on a real homeserver: the receiver's encrypted DM (no
case code in it), its acceptance, and the referrer told."""

from __future__ import annotations

from pathlib import Path

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.integration.paging_setup import build


async def test_refer_accept_and_the_referrer_told(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path)
    try:
        c.legal.auto_join = True
        c.front.auto_join = True
        cmd = await c.front.send(
            c.room_id,
            "!refer LEGAL protective order advice --basis interview --urgency priority "
            "--pathway warm --case HH-2026-0042",
        )
        answer = (await c.front.wait_reply(c.room_id, cmd, timeout=30)).body
        ref = answer.split(":")[0]
        assert ref.startswith("R-20") and "referral to LEGAL sent to its on-call primary" in answer

        dm = await c.legal.wait_for(
            lambda r: r.body.startswith(f"Referral {ref} to LEGAL from SHELTER"),
            timeout=30,
            what="the referral DM",
        )
        assert dm.event.decrypted and dm.room_id != c.room_id
        assert "Purpose: protective order advice" in dm.body and "HH-2026-0042" not in dm.body
        assert c.legal.raw_event(dm.room_id, dm.event_id)["type"] == "m.room.encrypted"

        # The receiver answers in its DM with MACT; the referrer hears of it in theirs.
        ok = await c.legal.send(dm.room_id, f"!referral {ref} accepted")
        assert (await c.legal.wait_reply(dm.room_id, ok, timeout=30)).body == (
            f"{ref} is now accepted."
        )
        told = await c.front.wait_for(
            lambda r: r.body == f"{ref} accepted by LEGAL.", timeout=30, what="referrer told"
        )
        assert told.event.decrypted and told.room_id != c.room_id
    finally:
        await c.harness.stop()
