"""The huddle's costs: summary generation, and reminder timing under load.

1. Summary of an event with 500 timeline entries and 100 action items (plus decisions,
   check-ins and pages), from its SQLite rows: load the record, build and render it as the
   chat message (text + HTML) and as the export (Markdown + JSON). Target: under 100 ms.
2. Reminder lag: 20 events with 50 action items each (1,000 pending items, 2,000 reminders:
   a reminder before each due time and an overdue notice at it), due times spread over 40 s,
   run by the bot as its own process on a local Synapse. Lag = (when the bot handled the
   reminder) - (when it was due), from the bot's rows. Target: p95 under 500 ms. Also
   printed: how long the notices took to reach the homeserver (one ordered lane per thread).

    .venv/bin/python -m bench.huddle [--runs 30] [--events 20] [--items 50]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import re
import sqlite3
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.guard import run_guarded
from bench.stats import summary
from bot.local_homeserver import LocalSynapse
from commands.huddle.records import load_record, summary_reply
from protocols.config.checks import parse_config
from protocols.config.schema import MactConfig
from protocols.huddle.actions import ActionItem, ItemKind, ItemState, Owner, new_item
from protocols.huddle.checkins import Checkin, CheckinState
from protocols.huddle.decisions import Decision
from protocols.huddle.record_json import to_json
from protocols.huddle.summary import (
    build,
    render_markdown,
)
from protocols.ids import UserId
from protocols.paging.crisis import CrisisEvent, EventState, take_snapshot
from protocols.paging.escalation import plan_steps
from protocols.timeline import EntryKind, TimelineEntry
from storage.db import Database
from storage.repositories import checkins, crisis, decisions, items, timeline
from tests.helpers.bot_harness import BotHarness, example_raw
from tests.helpers.matrix_user import MatrixUser

LEAD = timedelta(seconds=5)


def coalition(users: dict[str, str], alias: str) -> Any:
    """The bench's one-agency coalition; `users` maps front, coord and lead to Matrix ids."""

    def mutate(raw: dict[str, Any]) -> None:
        raw["agencies"] = [
            {
                "code": "SHELTER",
                "name": "Shelter",
                "kind": "shelter",
                "after_hours": "on call",
                "primary": {"name": "S", "role": "Staff", "matrix_id": users["lead"]},
            }
        ]
        raw["roster"] = [
            {"matrix_id": users["front"], "agency": "SHELTER", "role": "frontline"},
            {"matrix_id": users["coord"], "agency": "SHELTER", "role": "coordinator"},
        ]
        raw["protocols"] = [
            {
                "id": "huddle",
                "title": "Huddle bench",
                "version": 1,
                "default_lead": "SHELTER",
                "criteria": [{"code": "GO", "description": "go"}],
                "sequence": [{"agency": "SHELTER", "ack_window": "1h"}],
                "communication": {"room": alias},
                "checkin": {"cadence": "1h", "reminder_lead": "5s", "overdue_grace": "1h"},
            }
        ]

    return mutate


def owner(user: str) -> Owner:
    return Owner("SHELTER", None, (UserId(user),), (UserId(user),))


def bench_config() -> MactConfig:
    raw = example_raw()
    # Never connected to: the summary bench only needs the snapshot of a protocol.
    raw["bot"] = {
        "homeserver": "http://127.0.0.1:1",
        "user_id": "@b:localhost",
        "password_env": "X",
    }
    raw["coalition"]["coordination_rooms"] = ["#x:localhost"]
    coalition({n: f"@{n}:localhost" for n in ("front", "coord", "lead")}, "#x:localhost")(raw)
    config, problems = parse_config(raw)
    assert config is not None, problems
    return config


async def seed_big_event(db: Database) -> str:
    """One closed event with 500 timeline entries, 100 action items, 10 decisions."""
    config = bench_config()
    protocol = config.protocols[0]
    t0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)
    event = CrisisEvent(
        id="CE-2026-0500",
        snapshot=take_snapshot(config, protocol),
        criterion="GO",
        case_ref="BENCH-1",
        note=None,
        lead_agency="SHELTER",
        activated_by=UserId(config.roster[0].matrix_id),
        activated_at=t0,
        room_id="!bench:localhost",
        root_event_id="$root",
        state=EventState.CLOSED,
        ended_at=t0 + timedelta(hours=5),
        end_reason="bench",
        outcome="OTHER",
    )
    who = UserId(config.roster[0].matrix_id)
    async with db.transaction() as session:
        await crisis.insert_event(session, event, 2026, 500)
        assert event.ended_at is not None
        await crisis.end_event(
            session, event.id, EventState.CLOSED, event.ended_at, "bench", "OTHER"
        )
        await crisis.save_state(
            session, event.id, plan_steps(protocol, "SHELTER", t0), [], thread_known=True
        )
        for n in range(500):
            await timeline.append(
                session,
                TimelineEntry(
                    event.id, t0 + timedelta(seconds=30 * n), EntryKind.NOTE, f"entry {n} " * 8
                ),
            )
        for n in range(1, 101):
            await items.save(
                session,
                ActionItem(
                    event.id,
                    ItemKind.ACTION,
                    n,
                    owner(who),
                    f"action item number {n}",
                    t0 + timedelta(minutes=n),
                    t0,
                    who,
                    t0,
                    ItemState.DONE,
                    resolved_at=t0 + timedelta(minutes=n),
                    resolved_by=who,
                    resolution="done",
                ),
            )
        for n in range(1, 11):
            await decisions.insert(
                session,
                Decision(event.id, n, t0, who, "SHELTER", f"decision {n}", "why", ("SHELTER",)),
            )
            await checkins.save(
                session,
                Checkin(
                    event.id,
                    n,
                    t0 + timedelta(minutes=30 * n),
                    None,
                    CheckinState.HELD,
                    None,
                    t0 + timedelta(minutes=30 * n),
                    who,
                ),
            )
    return event.id


async def summary_bench(tmp: Path, runs: int) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp / 'summary.db'}")
    await db.migrate()
    event_id = await seed_big_event(db)
    loads, chats, exports, totals = [], [], [], []
    now = datetime.now(UTC)
    for _ in range(runs + 3):
        t0 = time.perf_counter()
        async with db.transaction() as session:
            event = await crisis.get_event(session, event_id)
            assert event is not None
            record = await load_record(session, event)
        t1 = time.perf_counter()
        summary_reply(record, now)
        t2 = time.perf_counter()
        render_markdown(build(record, now)), to_json(record, now)
        t3 = time.perf_counter()
        loads.append((t1 - t0) * 1000)
        chats.append((t2 - t1) * 1000)
        exports.append((t3 - t2) * 1000)
        totals.append((t3 - t0) * 1000)
    await db.close()
    # The first runs warm SQLite's page cache and the snapshot cache.
    loads, chats, exports, totals = (x[3:] for x in (loads, chats, exports, totals))
    print(f"summary of 500 timeline entries, 100 action items, {runs} runs")
    print(summary("load the record", loads))
    print(summary("chat text + html", chats))
    print(summary("export md + json", exports))
    print(summary("total", totals) + "  (target < 100 ms)")


def reminder_lags(db_path: Path) -> tuple[list[float], list[float]]:
    """Handling lag per reminder from the timeline rows, and send delay from the outbox."""
    db = sqlite3.connect(db_path)
    dues = {
        (e, f"A-{n}"): datetime.fromisoformat(d)
        for e, n, d in db.execute("select event_id, number, due from action_items")
    }
    lags = []
    for event_id, at, text in db.execute(
        "select event_id, at, text from timeline where kind = 'reminder'"
    ):
        m = re.match(r"(Reminder|Overdue): (A-\d+)", text)
        assert m, text
        due = dues[(event_id, m.group(2))] - (LEAD if m.group(1) == "Reminder" else timedelta(0))
        lags.append((datetime.fromisoformat(at) - due).total_seconds() * 1000)
    sends = [
        (datetime.fromisoformat(s) - datetime.fromisoformat(c)).total_seconds() * 1000
        for c, s in db.execute(
            "select created_at, sent_at from outbox where txn_id like 'notice-%-rem%' "
            "and sent_at is not null"
        )
    ]
    db.close()
    return lags, sends


def unsent(db_path: Path) -> int:
    db = sqlite3.connect(db_path)
    (n,) = db.execute("select count(*) from outbox where sent_at is null").fetchone()
    db.close()
    return int(n)


async def reminder_bench(tmp: Path, events: int, per_event: int) -> None:
    synapse = LocalSynapse(tmp / "synapse")
    synapse.start()
    harness: BotHarness | None = None
    try:
        users = {
            n: await MatrixUser.register(synapse, f"bench{n}", tmp)
            for n in ("front", "coord", "lead")
        }
        for u in users.values():
            u.auto_join = True
            await u.start()
        alias = "#benchhuddle:localhost"
        ids = {n: u.user_id for n, u in users.items()}
        harness = BotHarness(synapse, tmp, roster=[], rooms=[alias], mutate=coalition(ids, alias))
        harness.start_process()
        harness.wait_process_log("ready:")
        front = users["front"]
        room = await front.create_room(invite=[harness.user_id], alias="benchhuddle")
        await front.wait_knows_devices_of(harness.user_id, room)
        for _ in range(events):
            await front.send(room, "!activate huddle GO")
        await front.wait_until(
            lambda: sum(1 for r in front.received if r.body.startswith("🚨 ")) >= events,
            timeout=120,
            what="activations",
        )
        assert harness.terminate_process() == 0

        # 1,000 open action items, written while the bot is stopped: at start-up the bot
        # arms every event from its rows, as after any restart.
        db = Database(f"sqlite+aiosqlite:///{harness.db_path}")
        start = datetime.now(UTC) + timedelta(seconds=15)
        who = UserId(users["lead"].user_id)
        async with db.transaction() as session:
            found = await crisis.active_events(session)
            for i, event in enumerate(found):
                for n in range(1, per_event + 1):
                    due = start + LEAD + timedelta(seconds=40 * ((i * per_event + n) % 997) / 997)
                    item = new_item(
                        event.id, ItemKind.ACTION, n, owner(who), f"item {n}", due, who,
                        datetime.now(UTC),
                    )  # fmt: skip
                    await items.save(session, item)
        await db.close()
        total = len(found) * per_event
        harness.start_process()
        harness.wait_process_log("ready:")
        deadline = time.monotonic() + 240
        while time.monotonic() < deadline:
            lags, _ = reminder_lags(harness.db_path)
            if len(lags) >= 2 * total:
                break
            await asyncio.sleep(0.5)
        lags, _ = reminder_lags(harness.db_path)
        # Then let the sender drain its queue, to see what the homeserver made of the burst.
        while time.monotonic() < deadline:
            if not unsent(harness.db_path):
                break
            await asyncio.sleep(0.5)
        _, sends = reminder_lags(harness.db_path)
        print(f"reminders: {len(found)} events, {total} pending action items, {len(lags)} handled")
        print(summary("reminder lag", lags) + f"  max={max(lags):.1f} ms  (target p95 < 500 ms)")
        print(
            f"{len(sends)} reminder notices (one per rung per event per tick), "
            f"{unsent(harness.db_path)} still unsent at the end"
        )
        print(summary("queued -> on the server", sends) + "  (one ordered lane per thread)")
        for u in users.values():
            await u.close()
    finally:
        # Every exit path, a failure included: no bot or Synapse is left behind.
        if harness is not None:
            harness.ensure_process_stopped()
        synapse.stop()


async def run(runs: int, events: int, per_event: int) -> None:
    with tempfile.TemporaryDirectory(prefix="mact-bench-") as tmp_name:
        tmp = Path(tmp_name)
        import os

        if os.environ.get("KEEP"):
            tmp = Path(os.environ["KEEP"])
            tmp.mkdir(parents=True, exist_ok=True)
        await summary_bench(tmp, runs)
        await reminder_bench(tmp, events, per_event)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--events", type=int, default=20)
    parser.add_argument("--items", type=int, default=50)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    run_guarded(run(args.runs, args.events, args.items))


if __name__ == "__main__":
    main()
