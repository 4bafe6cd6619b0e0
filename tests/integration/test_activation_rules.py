"""An event across Matrix: a criterion that picks another lead, a lead shift that pages
the new lead at once, and a contact point answering in its DM."""

from __future__ import annotations

from pathlib import Path

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.matrix_user import MatrixUser
from tests.integration.paging_setup import Coalition, activate_by, build, in_thread, is_page


async def say(
    c: Coalition,
    user: MatrixUser,
    body: str,
    *,
    room: str | None = None,
    thread_root: str | None = None,
) -> str:
    room_id = room or c.room_id
    cmd = await user.send(room_id, body, thread_root=thread_root)
    return (await user.wait_reply(room_id, cmd)).body


async def test_lead_rules_and_contact_points_in_their_dms(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path, {"HOSP": "20s", "SHELTER": "20s"})
    try:
        # Refusals, usage lines and permissions: tests/commands/paging/test_refusals.py.
        # The MEDICAL criterion makes the hospital the lead: it is paged first.
        event_id, root = await activate_by(c, c.front, "!activate drill MEDICAL")
        h1_page = await c.h1.wait_for(is_page, what="HOSP page")
        assert "Lead agency: HOSP" in h1_page.body

        assert await say(c, c.coord, "!lead PD police take the lead", thread_root=root) == (
            f"{event_id}: Lead shifted from HOSP to PD by {c.uid('coord')}: police take the lead"
        )

        # PD was waiting for SHELTER; as the new lead it is paged at once, as the lead.
        pd_page = await c.p1.wait_for(is_page, what="new lead paged", timeout=10)
        assert "Lead agency: PD" in pd_page.body

        # A contact point who is not on the roster may answer pages, and nothing else.
        dm = h1_page.room_id
        assert await say(c, c.h1, "!status", room=dm) == (
            "You are not on the MACT roster, so I cannot run !status; ask your coalition admin "
            "to add you."
        )
        assert await say(c, c.h1, "!unavailable", room=dm) == (
            f"Noted: you are unavailable for {event_id}. Paging the next contact for HOSP."
        )
        h2_page = await c.h2.wait_for(is_page, what="backup page after unavailable", timeout=5)
        assert h2_page.at - h1_page.at < 19  # long before the 20 s window would have ended
        notice = await c.front.wait_for(
            lambda r: in_thread(root)(r) and r.body.startswith("HOSP paged backup")
        )
        assert notice.body == (
            f"HOSP paged backup {c.shown('h2')}: the previous contact is unavailable"
        )
        assert await say(c, c.h1, "!ack", room=dm) == "You have no page waiting for an answer."
        reply = await say(c, c.h2, "!ack", room=h2_page.room_id)
        assert reply.startswith(f"Acknowledged {event_id} for HOSP. Huddle thread: ")
        ack = await c.front.wait_for(
            lambda r: in_thread(root)(r) and r.body.startswith("HOSP acknowledged in ")
        )
        assert ack.body.endswith(f"by {c.shown('h2')}")
        assert await say(c, c.h2, "!ack", room=h2_page.room_id) == (
            "You have no page waiting for an answer."
        )
    finally:
        await c.harness.stop()
