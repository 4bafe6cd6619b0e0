"""A timer tick recovers a huddle thread root that was sent but never recorded."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from commands import DEADLINES
from commands.deadlines import run_due
from commands.kernel.content import notice
from commands.kernel.framework import Reply
from commands.paging import messages, sequence
from protocols.ids import UserId
from protocols.outbox import OutgoingMessage
from protocols.paging.crisis import CrisisEvent, EventState, take_snapshot
from protocols.paging.escalation import plan_steps
from storage.db import Database
from storage.repositories import crisis, outbox
from tests.protocols.coalition import config

T0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
EV = "CE-2026-0001"


async def test_a_sent_root_is_recorded_after_a_crash_and_the_thread_gets_its_notices(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'mact.db'}")
    await db.migrate()
    cfg = config()
    proto = cfg.protocols[0]
    event = CrisisEvent(
        EV, take_snapshot(cfg, proto), "LETHALITY", None, None, "SHELTER",
        UserId("@front:hs"), T0, "!room:hs", None, EventState.ACTIVE,
    )  # fmt: skip
    async with db.transaction() as session:
        await crisis.insert_event(session, event, 2026, 1)
        # The lead is paged before the thread exists, as at activation.
        await sequence.run(session, event, T0, planned=plan_steps(proto, "SHELTER", T0))
        root = OutgoingMessage(
            messages.root_txn_id(EV), "!room:hs", "m.room.message", notice(Reply("root"))
        )
        root_id = await outbox.enqueue(session, root, T0)
    # The root's send is recorded; the bot dies before the tick that records the thread.
    async with db.transaction() as session:
        await outbox.mark_sent(session, root_id, "$root", T0)

    ids, _ = await run_due(db, DEADLINES, EV, T0 + timedelta(seconds=1))
    async with db.transaction() as session:
        stored = await crisis.get_event(session, EV)
        sent = {r.id: r.message for r in await outbox.unsent(session)}
    assert stored is not None and stored.root_event_id == "$root"
    announced = [sent[i] for i in ids]
    assert [m.content["body"] for m in announced] == ["SHELTER paged: on-call primary S1"]
    assert announced[0].content["m.relates_to"]["event_id"] == "$root"
    await db.close()
