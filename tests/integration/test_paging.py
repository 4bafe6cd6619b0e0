"""Crisis activation and paging on a real Synapse, with windows of seconds."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import urllib.parse
import urllib.request
from datetime import datetime
from itertools import pairwise
from pathlib import Path

from bot.local_homeserver import LocalSynapse
from storage.db import Database
from storage.repositories import timeline
from tests.conftest import People
from tests.integration.paging_setup import (
    Coalition,
    activate_by,
    build,
    in_thread,
    is_edit_of,
    is_page,
)


def account_data(url: str, user_id: str, token: str, kind: str) -> dict[str, list[str]]:
    req = urllib.request.Request(
        f"{url}/_matrix/client/v3/user/{urllib.parse.quote(user_id)}/account_data/{kind}",
        headers={"Authorization": f"Bearer {token}"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        result: dict[str, list[str]] = json.load(resp)
        return result


def page_times(c: Coalition, event_id: str, agency: str) -> list[float]:
    """Issue times (epoch seconds) of an agency's pages, from the bot's database."""
    db = sqlite3.connect(c.harness.db_path)
    rows = db.execute(
        "select p.issued_at from pages p join crisis_steps s on s.event_id = p.event_id "
        "and s.idx = p.step_idx where p.event_id = ? and s.agency = ? order by p.attempt",
        (event_id, agency),
    ).fetchall()
    db.close()
    return [datetime.fromisoformat(r[0]).timestamp() for r in rows]


async def activate(c: Coalition, body: str) -> tuple[str, str]:
    """Send !activate; returns (event id, huddle thread root). In its own room the
    activation notice is the answer: no separate reply."""
    return await activate_by(c, c.front, body)


async def test_activation_paging_ack_escalation_unreachable(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path, {"SHELTER": "3s", "HOSP": "2s", "PD": "3s"})
    try:
        event_id, root = await activate(
            c, "!activate drill LETHALITY --case HH-2026-0042 needs a bed tonight near the depot"
        )
        thread = in_thread(root)

        # The lead's on-call primary is paged in an encrypted DM, with nothing about the case;
        # the page went out beside the activation notice, and an edit adds the thread link.
        page = await c.s1.wait_for(is_page, what="lead page")
        assert event_id in page.body and "Lead agency: SHELTER" in page.body
        edit = await c.s1.wait_for(lambda r: is_edit_of(r, page.event_id), what="link edit")
        assert f"/{root}?via=" in edit.content["m.new_content"]["body"]
        assert edit.content["m.mentions"] == {}
        assert page.content["m.mentions"] == {"user_ids": [c.uid("s1")]}
        assert page.event.decrypted
        assert c.s1.raw_event(page.room_id, page.event_id)["type"] == "m.room.encrypted"
        dm = c.s1.client.rooms[page.room_id]
        assert dm.encrypted and dm.member_count == 2

        # Ack by ✅ reaction → HOSP is paged next.
        await c.s1.react(page.room_id, page.event_id)
        acked = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith("SHELTER acknowledged in "), what="ack notice"
        )
        assert acked.body.endswith(f"by {c.shown('s1')}")

        h1 = await c.h1.wait_for(is_page, what="HOSP primary page")
        h2 = await c.h2.wait_for(is_page, what="HOSP backup page", timeout=10)
        h3 = await c.h3.wait_for(is_page, what="HOSP escalation page", timeout=10)
        assert "paged as the backup for HOSP" in h2.body
        assert "paged as the escalation 1 for HOSP" in h3.body
        # Each escalation waits for the 2 s ack window, counted from when the page was
        # issued (the rows say exactly when); the first DM to a contact also costs one room
        # creation, so what people receive is looser.
        issued = page_times(c, event_id, "HOSP")
        assert [round(b - a, 1) >= 2.0 for a, b in pairwise(issued)] == [
            True,
            True,
        ]
        assert [b - a < 2.6 for a, b in pairwise(issued)] == [True, True]
        assert 1.0 <= h2.at - h1.at <= 4.0, h2.at - h1.at
        assert 1.0 <= h3.at - h2.at <= 4.0, h3.at - h2.at

        unreachable = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith("HOSP could not be reached"),
            what="unreachable notice",
            timeout=10,
        )
        assert c.uid("coord") in unreachable.content["m.mentions"]["user_ids"]
        assert (
            f'href="https://matrix.to/#/{c.uid("coord")}"' in unreachable.content["formatted_body"]
        )
        assert 1.0 <= unreachable.at - h3.at <= 4.0

        # The sequence goes on after an unreachable agency: PD is paged.
        await c.p1.wait_for(is_page, what="PD page", timeout=10)

        notices = [r.body for r in c.front.received if thread(r)]
        expected_order = [
            f"SHELTER paged: on-call primary {c.shown('s1')}",
            "SHELTER acknowledged in ",
            f"HOSP paged: on-call primary {c.shown('h1')}",
            f"HOSP paged backup {c.shown('h2')} after 2s without ack",
            f"HOSP paged escalation 1 {c.uid('h3')} after 2s without ack",
            "HOSP could not be reached",
        ]
        positions = [
            next(i for i, b in enumerate(notices) if b.startswith(e)) for e in expected_order
        ]
        assert positions == sorted(positions), notices

        # No page ever carried the case reference or the note.
        for user in (c.s1, c.h1, c.h2, c.h3, c.p1):
            for r in user.received:
                if is_page(r):
                    assert "HH-2026-0042" not in r.body and "bed tonight" not in r.body
                    assert "HH-2026-0042" not in r.content["formatted_body"]

        # Everyone was paged exactly once per attempt.
        assert [len([r for r in u.received if is_page(r)]) for u in (c.s1, c.h1, c.h2, c.h3)] == [
            1,
            1,
            1,
            1,
        ]

        # Every page, ack, miss and unreachable agency is a timeline entry, in order.
        db = Database(f"sqlite+aiosqlite:///{c.harness.db_path}")
        async with db.transaction() as session:
            entries = await timeline.for_event(session, event_id)
        await db.close()
        kinds = [(e.kind.value, e.agency, e.actor) for e in entries]
        assert kinds[:10] == [
            ("activated", "SHELTER", c.uid("front")),
            ("paged", "SHELTER", c.uid("s1")),
            ("acknowledged", "SHELTER", c.uid("s1")),
            ("paged", "HOSP", c.uid("h1")),
            ("missed", "HOSP", c.uid("h1")),
            ("paged", "HOSP", c.uid("h2")),
            ("missed", "HOSP", c.uid("h2")),
            ("paged", "HOSP", c.uid("h3")),
            ("missed", "HOSP", c.uid("h3")),
            ("unreachable", "HOSP", None),
        ]
        assert ("paged", "PD", c.uid("p1")) in kinds[10:]
        assert all("HH-2026-0042" not in e.text and "bed tonight" not in e.text for e in entries)

        # !status shows each agency's state.
        cmd = await c.front.send(c.room_id, "!status", thread_root=root)
        status = (await c.front.wait_reply(c.room_id, cmd)).body.splitlines()
        assert status[0].startswith(
            f"{event_id} — active — drill v1, criterion LETHALITY, lead SHELTER"
        )
        assert status[1].startswith("SHELTER: acknowledged ") and c.shown("s1") in status[1]
        assert status[2].startswith("HOSP: could not be reached")
        assert status[3].startswith(f"PD: paging on-call primary {c.shown('p1')}")
    finally:
        await c.harness.stop()


async def test_cancel_stops_pending_pages(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path, {"SHELTER": "2s"})
    try:
        event_id, _ = await activate(c, "!activate drill LETHALITY")
        await c.s1.wait_for(is_page, what="lead page")
        # An encrypted ✅, as Element sends it, acknowledges like a plaintext one; the
        # lead's ack releases HOSP, whose paging the cancel below then stops.
        lead_page = next(r for r in c.s1.received if is_page(r))
        reaction = await c.s1.react_encrypted(lead_page.room_id, lead_page.event_id)
        await c.front.wait_for(
            lambda r: r.body.startswith("SHELTER acknowledged in "),
            what="ack by encrypted reaction",
        )
        assert c.s1.raw_event(lead_page.room_id, reaction)["type"] == "m.room.encrypted"
        await c.h1.wait_for(is_page, what="HOSP page")
        cmd = await c.front.send(c.room_id, f"!cancel {event_id} drill ended early")
        reply = await c.front.wait_reply(c.room_id, cmd)
        assert reply.body.startswith(f"{event_id} cancelled by {c.uid('front')}: drill ended early")
        # The 2 s window passes with no escalation to the backup.
        await asyncio.sleep(3.0)
        assert not [r for r in c.h2.received if is_page(r)]
        cmd = await c.front.send(c.room_id, f"!status {event_id}")
        status = (await c.front.wait_reply(c.room_id, cmd)).body.splitlines()
        assert " — cancelled — " in status[0]

        # The DM is created once, listed in the bot's m.direct account data, and reused:
        # the next event's page to the same contact arrives in the same room.
        first_dm = next(r.room_id for r in c.s1.received if is_page(r))
        await activate(c, "!activate drill LETHALITY")
        await c.s1.wait_until(
            lambda: len([r for r in c.s1.received if is_page(r)]) == 2, what="second page"
        )
        assert {r.room_id for r in c.s1.received if is_page(r)} == {first_dm}
        assert c.harness.bot is not None
        bot = c.harness.bot.client
        direct = await asyncio.to_thread(
            account_data, c.harness.synapse.url, bot.user_id, bot.access_token, "m.direct"
        )
        assert direct[c.uid("s1")] == [first_dm]
        assert status[1].startswith("SHELTER: acknowledged ") and c.shown("s1") in status[1]
        assert status[2:] == [
            "HOSP: paging cancelled",
            "PD: paging cancelled",
            "Action items: none",
        ]
        assert c.harness.bot is not None and event_id not in c.harness.bot.timers.armed
    finally:
        await c.harness.stop()
