"""Referral and request deadlines on a real homeserver, with windows of seconds: an urgent
referral unanswered reminds the receiving contact, then its supervisor, then the referrer
and the coordinators, each once in an encrypted DM; a request answered (the asker told) and
one left to climb; and the report's chart arriving as an encrypted image."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.matrix_user import MatrixUser, Received
from tests.integration.paging_setup import build

WINDOW = "4s"


def short_windows() -> Any:
    def mutate(raw: dict[str, Any]) -> None:
        raw.setdefault("referrals", {}).update(
            {"urgent_within": WINDOW, "urgent_escalate_after": WINDOW,
             "time_sensitive_within": WINDOW}
        )  # fmt: skip
        legal = next(a for a in raw["agencies"] if a["code"] == "LEGAL")
        # LEGAL's roster admin stands in for its supervisor on the escalation path.
        admin = next(r for r in raw["roster"] if r["role"] == "admin")
        legal["escalation"] = [admin["matrix_id"]]

    return mutate


def dm_saying(user: MatrixUser, text: str) -> list[Received]:
    return [r for r in user.received if r.body == text]


async def test_overdue_referral_climbs_and_requests_are_answered_or_escalated(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path, extra=short_windows())
    for name in ("front", "coord", "legal", "admin"):
        c.users[name].auto_join = True
    try:
        cmd = await c.front.send(
            c.room_id, "!refer LEGAL counseling --basis interview --urgency urgent --pathway warm"
        )
        ref = (await c.front.wait_reply(c.room_id, cmd, timeout=30)).body.split(":")[0]
        await c.legal.wait_for(lambda r: r.body.startswith(f"Referral {ref} "), timeout=30)
        asked = await c.front.send(c.room_id, "!ask LEGAL time-sensitive is the clinic open")
        first_q = (await c.front.wait_reply(c.room_id, asked, timeout=30)).body.split(":")[0]
        asked = await c.front.send(c.room_id, "!ask LEGAL time-sensitive any interpreters")
        second_q = (await c.front.wait_reply(c.room_id, asked, timeout=30)).body.split(":")[0]

        # The first request is answered at once, in LEGAL's DM with MACT.
        q_dm = await c.legal.wait_for(lambda r: r.body.startswith(f"{first_q} time-sensitive"))
        answer = await c.legal.send(q_dm.room_id, f"!answer {first_q} yes until 5")
        assert (await c.legal.wait_reply(q_dm.room_id, answer, timeout=30)).body == (
            f"{first_q} answered; SHELTER is told."
        )
        told = await c.front.wait_for(
            lambda r: r.body == f"{first_q} answered by LEGAL: yes until 5", timeout=30
        )
        assert told.event.decrypted and told.room_id != c.room_id

        # The referral: the contact at the deadline, its supervisor 4 s on, then the
        # referrer and the coordinator.
        overdue = f"{ref} feedback overdue: to LEGAL, it was due and has not come."
        contact = await c.legal.wait_for(lambda r: r.body == overdue, timeout=30)
        supervisor = await c.admin.wait_for(lambda r: r.body == overdue, timeout=30)
        referrer = await c.front.wait_for(lambda r: r.body == overdue, timeout=30)
        await c.coord.wait_for(lambda r: r.body == overdue, timeout=30)
        assert contact.at < supervisor.at < referrer.at
        assert supervisor.at - contact.at > 2.0  # a step of 4 s, not all at once
        assert all(x.event.decrypted for x in (contact, supervisor, referrer))

        # The second request was never answered: it climbed the same ladder.
        unanswered = f"{second_q} unanswered: to LEGAL, the answer was due."
        for user in (c.legal, c.admin, c.front, c.coord):
            await user.wait_for(lambda r: r.body == unanswered, timeout=30)
        # Nothing for the answered one, and each rung once.
        await asyncio.sleep(2 * 4.0)
        for user in (c.legal, c.admin, c.front, c.coord):
            assert not [r for r in user.received if r.body.startswith(f"{first_q} unanswered")]
            assert len(dm_saying(user, overdue)) == 1
            assert len(dm_saying(user, unanswered)) == 1
        assert len(dm_saying(c.legal, overdue)) == 1

        # The report: a table, then the chart as an encrypted image that decrypts to a PNG.
        before = len(c.coord.received)
        cmd = await c.coord.send(c.room_id, "!report referrals 30d")
        table = await c.coord.wait_reply(c.room_id, cmd, timeout=30)
        assert table.body.startswith("Referral report, the last 30d to ")
        image = await c.coord.wait_for(
            lambda r: r.content.get("msgtype") == "m.image", after=before, timeout=60
        )
        assert c.coord.raw_event(c.room_id, image.event_id)["type"] == "m.room.encrypted"
        file = image.content["file"]
        assert "url" not in image.content  # only the encrypted file's
        png = await c.coord.download_decrypted(file)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        assert image.content["info"]["size"] == len(png)
        assert image.content["info"]["mimetype"] == "image/png"
    finally:
        await c.harness.stop()


async def test_a_restart_between_referral_and_deadline_reminds_once(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    def mutate(raw: dict[str, Any]) -> None:
        # Long enough that the kill lands before the deadline on a loaded machine too.
        raw.setdefault("referrals", {}).update(
            {"urgent_within": "8s", "urgent_escalate_after": "1h"}
        )

    c = await build(synapse, people, tmp_path, process=True, extra=mutate)
    c.legal.auto_join = True
    try:
        cmd = await c.front.send(
            c.room_id, "!refer LEGAL counseling --basis records --urgency urgent --pathway direct"
        )
        ref = (await c.front.wait_reply(c.room_id, cmd, timeout=30)).body.split(":")[0]
        await c.legal.wait_for(lambda r: r.body.startswith(f"Referral {ref} "), timeout=30)

        c.harness.kill_process()  # SIGKILL before the deadline
        await asyncio.sleep(9.0)  # the deadline passes while MACT is down
        overdue = f"{ref} feedback overdue: to LEGAL, it was due and has not come."
        assert not dm_saying(c.legal, overdue)

        c.harness.start_process()
        await c.legal.wait_for(lambda r: r.body == overdue, timeout=30, what="the reminder")
        # A duplicate would come within a sync round trip: ask for one and wait a little.
        probe = await c.front.send(c.room_id, "!ping")
        await c.front.wait_reply(c.room_id, probe, timeout=20)
        await asyncio.sleep(2.0)
        assert len(dm_saying(c.legal, overdue)) == 1
    finally:
        if c.harness.process is not None:
            assert c.harness.terminate_process() == 0
