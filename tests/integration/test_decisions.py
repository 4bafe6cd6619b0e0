"""Decisions and notes in the huddle: first-class records on the event's timeline."""

from __future__ import annotations

from pathlib import Path

from bot.local_homeserver import LocalSynapse
from storage.db import Database
from storage.repositories import decisions, timeline
from tests.conftest import People
from tests.helpers.matrix_user import MatrixUser
from tests.integration.paging_setup import activate_by, build, is_page


async def test_decisions_and_notes_are_recorded(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path, {"SHELTER": "30s", "HOSP": "30s"})
    try:
        event_id, root = await activate_by(c, c.front, "!activate drill LETHALITY")
        page = await c.s1.wait_for(is_page, what="lead page")
        await c.s1.react(page.room_id, page.event_id)

        async def say(user: MatrixUser, body: str, thread: bool = True) -> str:
            cmd = await user.send(c.room_id, body, thread_root=root if thread else None)
            return (await user.wait_reply(c.room_id, cmd)).body

        await c.front.wait_for(lambda r: r.body.startswith("SHELTER acknowledged"))
        reply = await say(
            c.front,
            "!decision Shelter holds a bed until 22:00 "
            "--why police escort not available before then",
        )
        assert reply == (
            f"{event_id}: Decision D-1 by {c.uid('front')} (SHELTER): Shelter holds a bed "
            "until 22:00 — why: police escort not available before then. Present: SHELTER."
        )
        assert (
            await say(
                c.coord, f"!decision {event_id} Legal aid to be asked in the morning", thread=False
            )
        ).startswith(f"{event_id}: Decision D-2 by")
        assert await say(c.front, "!note advocate on the way") == f"Noted on {event_id}'s timeline."
        assert await say(c.front, "!decision --why nothing") == (
            "Usage: !decision [CE-…] <text…> [--why <rationale…>]"
        )
        assert await say(c.front, "!note her number is 555-123-4567") == (
            "note refused: it looks like a phone number (characters 15-26 of it); say 'call her "
            "on the number in our file' instead. Keep client details out of MACT"
        )
        assert await say(c.front, "!note outside", thread=False) == (
            "Say which event: !note CE-YYYY-NNNN, or use it in the event's huddle thread."
        )

        db = Database(f"sqlite+aiosqlite:///{c.harness.db_path}")
        async with db.transaction() as session:
            recorded = await decisions.for_event(session, event_id)
            kinds = [e.kind.value for e in await timeline.for_event(session, event_id)]
        await db.close()
        assert [(d.label, d.by, d.agency, d.present, d.rationale) for d in recorded] == [
            (
                "D-1",
                c.uid("front"),
                "SHELTER",
                ("SHELTER",),
                "police escort not available before then",
            ),
            ("D-2", c.uid("coord"), "SHELTER", ("SHELTER",), None),
        ]
        assert kinds.count("decision") == 2 and kinds.count("note") == 1

        # Once the event is over, it takes no more decisions.
        await say(c.front, f"!cancel {event_id} exercise over", thread=False)
        assert await say(c.front, "!decision too late") == (
            f"{event_id} is cancelled; it takes no more decisions."
        )
    finally:
        await c.harness.stop()
