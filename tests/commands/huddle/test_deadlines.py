"""The event timer's huddle deadlines on a real SQLite file, driven by an injected clock:
what is sent when, the next wakeup, exactly once, and what closing stops."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from pathlib import Path

from commands import DEADLINES
from commands.deadlines import next_wakeups, run_due
from protocols.config.schema import MactConfig
from protocols.huddle.actions import ActionItem, ItemKind, Owner
from protocols.huddle.checkins import Checkin
from protocols.ids import UserId
from protocols.paging.crisis import CrisisEvent, EventState, take_snapshot
from protocols.paging.escalation import StepState, plan_steps
from protocols.review.aar import Review
from protocols.review.schedule import review_due
from storage.db import Database
from storage.repositories import checkins, crisis, items, outbox, reviews
from tests.protocols.coalition import config, raw

# Tuesday 1 December 2026, 10:00 in Chicago.
T0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
EV = "CE-2026-0001"
SHELTER = Owner("SHELTER", None, (UserId("@s1:hs"),), (UserId("@s2:hs"),))


def m(minutes: float) -> datetime:
    return T0 + timedelta(minutes=minutes)


def coalition() -> MactConfig:
    data = raw()
    data["protocols"][0]["review_window_business_days"] = 2
    data["protocols"][0]["review"] = {"improvement_reminder_lead": "1d"}
    return config(data)


async def setup(tmp_path: Path) -> Database:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'mact.db'}")
    await db.migrate()
    cfg = coalition()
    proto = cfg.protocols[0]
    event = CrisisEvent(
        EV, take_snapshot(cfg, proto), "LETHALITY", None, None, "SHELTER",
        UserId("@front:hs"), T0, "!room:hs", "$root", EventState.ACTIVE,
    )  # fmt: skip
    # Every agency has acknowledged: only the huddle's deadlines are left.
    steps = [
        dataclasses.replace(s, state=StepState.ACKNOWLEDGED, resolved_at=T0)
        for s in plan_steps(proto, "SHELTER", T0)
    ]
    async with db.transaction() as session:
        await crisis.insert_event(session, event, 2026, 1)
        await crisis.save_state(session, EV, steps, [])
        await checkins.save(session, Checkin(EV, 1, m(30), None))
        for n, due in ((1, 30), (2, 60)):
            await items.save(
                session,
                ActionItem(
                    EV, ItemKind.ACTION, n, SHELTER, f"task {n}", m(due), T0,
                    UserId("@front:hs"), T0,
                ),
            )  # fmt: skip
    return db


async def tick(db: Database, at: datetime) -> tuple[list[str], datetime | None]:
    ids, wake = await run_due(db, DEADLINES, EV, at)
    async with db.transaction() as session:
        sent = {r.id: r.message for r in await outbox.unsent(session, 1000)}
        for i in ids:
            await outbox.mark_sent(session, i, f"$sent{i}", at)
    return [str(sent[i].content["body"]).split("\n")[0] for i in ids], wake


async def test_reminders_check_in_close_and_review_on_an_injected_clock(tmp_path: Path) -> None:
    db = await setup(tmp_path)
    assert await tick(db, m(24)) == ([], m(25))
    assert await tick(db, m(25)) == (
        ["Reminder: A-1 for SHELTER is due 10:30 (in 5m00s): task 1. (S1)"],
        m(30),
    )
    body, wake = await tick(db, m(30))
    assert body == [
        "Overdue: A-1 for SHELTER, due now (10:30): task 1. Mark it !done A-1, "
        "or !extend A-1 <due>. (S1)",
        "Check-in #1 for CE-2026-0001: 2 open action item(s), 1 overdue.",
    ]
    assert wake == m(45)
    # Running again at the same moment sends nothing twice.
    assert await tick(db, m(30)) == ([], m(45))
    assert await tick(db, m(45)) == (
        [
            "Still open 15m00s after its due time: A-1 for SHELTER, overdue by 15m00s (was due "
            "10:30): task 1. Escalated to S2. (S1, S2)"
        ],
        m(55),
    )

    # Closed at 10:50: A-2's reminders stop; the review is due two business days later.
    cfg = coalition()
    lead = cfg.agency("SHELTER")
    assert lead is not None
    due = review_due(m(50), cfg.protocols[0], lead, "America/Chicago")
    assert due == datetime(2026, 12, 3, 15, 0, tzinfo=UTC)  # Thursday 09:00 local
    async with db.transaction() as session:
        await crisis.end_event(session, EV, EventState.CLOSED, m(50), None, "SHELTERED")
        await checkins.cancel_pending(session, EV)
        await reviews.save(session, Review(EV, due))
    assert await tick(db, m(55)) == ([], due)
    assert list(await next_wakeups(db, DEADLINES)) == [EV]
    body, wake = await tick(db, due)
    assert body == [
        "After-action review for CE-2026-0001 is due today (within 2 business day(s) of closing)."
    ]
    assert wake is None
    assert list(await next_wakeups(db, DEADLINES)) == []

    # An improvement item keeps its event's timer alive after closing.
    async with db.transaction() as session:
        await items.save(
            session,
            ActionItem(
                EV, ItemKind.IMPROVEMENT, 1, SHELTER, "update the list", due + timedelta(days=3),
                due, UserId("@coord:hs"), due,
            ),
        )  # fmt: skip
    assert list(await next_wakeups(db, DEADLINES)) == [EV]
    assert await tick(db, due) == ([], due + timedelta(days=2))
    body, _ = await tick(db, due + timedelta(days=2))
    assert body[0].startswith("Reminder: I-1 for SHELTER is due Sun 6 Dec 09:00 (in 1d)")
    await db.close()


async def test_rungs_falling_due_together_are_one_notice(tmp_path: Path) -> None:
    db = await setup(tmp_path)
    hosp = Owner("HOSP", UserId("@h1:hs"), (UserId("@h1:hs"),), (UserId("@h2:hs"),))
    async with db.transaction() as session:
        item = await items.get(session, EV, ItemKind.ACTION, 2)
        assert item is not None
        # A-2 now falls due with A-1, owned by someone else.
        await items.save(session, dataclasses.replace(item, due=m(30), owner=hosp))
    ids, _ = await run_due(db, DEADLINES, EV, m(31))
    async with db.transaction() as session:
        sent = [r.message for r in await outbox.unsent(session) if r.id in ids]
    overdue = [msg for msg in sent if str(msg.content["body"]).startswith("Overdue")]
    assert len(overdue) == 1
    content = overdue[0].content
    assert str(content["body"]).split("\n")[1].startswith("Overdue: A-2 for H1 (HOSP)")
    assert "<br>" in content["formatted_body"]
    assert content["m.mentions"] == {"user_ids": ["@h1:hs", "@s1:hs"]}
    await db.close()
