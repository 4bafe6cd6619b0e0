"""Paging latency and timer precision, on one local Synapse in one run.

1. Activation → first page received by the lead's client, p50/p95 over 20 activations,
   against the encrypted !ping round trip of MACT and of a bare nio echo bot measured in the
   same run. Target: first page within 1.3 x the bare !ping round trip.
2. Escalation timer precision: 50 events with 4 pages pending each (200 pages), deadlines
   spread over ~15 s; lag = (when the deadline was handled) - (deadline), from the bot's rows.
   Target: p95 under 500 ms.

    .venv/bin/python -m bench.paging [--activations 20] [--events 50]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from bench.echo_bot import start_echo
from bench.guard import run_guarded
from bench.latency import round_trip
from bench.stats import percentile, summary
from bot.local_homeserver import LocalSynapse
from tests.helpers.bot_harness import BotHarness
from tests.helpers.matrix_user import MatrixUser


def is_page(r: Any) -> bool:
    return str(r.body).startswith("MACT page for ")


def coalition(users: dict[str, MatrixUser], alias: str) -> Any:
    def mutate(raw: dict[str, Any]) -> None:
        codes = ["SHELTER", "HOSP", "PD", "LEGAL"]
        raw["agencies"] = [
            {
                "code": code,
                "name": code.title(),
                "kind": "other",
                "after_hours": "on call",
                "primary": {"name": code, "role": "Staff", "matrix_id": users[code].user_id},
            }
            for code in codes
        ]
        raw["roster"] = [
            {"matrix_id": users["front"].user_id, "agency": "SHELTER", "role": "frontline"},
            {"matrix_id": users["coord"].user_id, "agency": "SHELTER", "role": "coordinator"},
        ]
        raw["protocols"] = [
            {
                "id": "latency",
                "title": "Latency",
                "version": 1,
                "default_lead": "SHELTER",
                "criteria": [{"code": "GO", "description": "go"}],
                "sequence": [{"agency": "SHELTER", "ack_window": "1h"}],
                "communication": {"room": alias},
            },
            # Four agencies paged at activation with windows of 6, 8, 10 and 12 s: 4 pending
            # pages per event; on no ack, a notice (no further page).
            {
                "id": "timers",
                "title": "Timers",
                "version": 1,
                "default_lead": "SHELTER",
                "criteria": [{"code": "GO", "description": "go"}],
                "sequence": [
                    {
                        "agency": c,
                        "after": "activation",
                        "ack_window": f"{6 + 2 * i}s",
                        "on_no_ack": "notice",
                    }
                    for i, c in enumerate(codes)
                ],
                "communication": {"room": alias},
            },
        ]

    return mutate


async def first_page(front: MatrixUser, lead: MatrixUser, room_id: str) -> float:
    before = len([r for r in lead.received if is_page(r)])
    start = time.perf_counter()
    await front.send(room_id, "!activate latency GO")
    await lead.wait_until(
        lambda: len([r for r in lead.received if is_page(r)]) > before, timeout=30, what="page"
    )
    return (time.perf_counter() - start) * 1000


def timer_lags(db_path: Path) -> list[float]:
    db = sqlite3.connect(db_path)
    rows = db.execute(
        "select deadline, resolved_at from pages p join crisis_events e on e.id = p.event_id "
        "where e.protocol_id = 'timers' and p.state = 'missed'"
    ).fetchall()
    db.close()
    return [
        (datetime.fromisoformat(r) - datetime.fromisoformat(d)).total_seconds() * 1000
        for d, r in rows
    ]


async def run(activations: int, events: int) -> None:
    with tempfile.TemporaryDirectory(prefix="mact-bench-") as tmp_name:
        tmp = Path(tmp_name)
        synapse = LocalSynapse(tmp / "synapse")
        synapse.start()
        users: dict[str, MatrixUser] = {}
        harness: BotHarness | None = None
        echo: Any = None
        try:
            for name in ("front", "coord", "SHELTER", "HOSP", "PD", "LEGAL"):
                users[name] = await MatrixUser.register(synapse, f"bench{name.lower()}", tmp)
                users[name].auto_join = True
                await users[name].start()
            harness = BotHarness(
                synapse,
                tmp,
                roster=[],
                rooms=["#benchhuddle:localhost"],
                mutate=coalition(users, "#benchhuddle:localhost"),
            )
            harness.raw["bot"]["sync_timeout_ms"] = 30000
            harness.write_config()
            # Both bots run as their own processes, as in production: the test clients in
            # this process must not compete with them for one event loop.
            harness.start_process()
            harness.wait_process_log("ready:")
            echo_reg = synapse.register("benchecho")
            echo = start_echo(synapse.url, echo_reg.user_id, echo_reg.password, tmp)
            front = users["front"]
            # Same membership as the echo bot's room (the sender and the bot), so both round
            # trips cost the same fan-out.
            room = await front.create_room(invite=[harness.user_id], alias="benchhuddle")
            echo_room = await front.create_room(invite=[echo_reg.user_id])
            await front.wait_knows_devices_of(harness.user_id, room)
            await front.wait_knows_devices_of(echo_reg.user_id, echo_room)

            # Warm-up: the first activation creates the lead's DM room.
            await first_page(front, users["SHELTER"], room)
            pages, mact_ping, bare_ping = [], [], []
            # Each measurement starts from a quiet system: an activation's tail (thread
            # notices, the link edit) must not land on the next ping.
            settle = 0.4
            for _ in range(activations):
                pages.append(await first_page(front, users["SHELTER"], room))
                await asyncio.sleep(settle)
                mact_ping.append(await round_trip(front, room))
                await asyncio.sleep(settle)
                bare_ping.append(await round_trip(front, echo_room))
                await asyncio.sleep(settle)
            print(f"activation -> first page received by the lead, {activations} activations")
            print(summary("bare nio !ping", bare_ping))
            print(summary("MACT !ping", mact_ping))
            print(summary("MACT first page", pages))
            print(
                f"ratio p50 first page / bare ping = "
                f"{percentile(pages, 50) / percentile(bare_ping, 50):.3f} (target <= 1.3); "
                f"/ MACT ping = {percentile(pages, 50) / percentile(mact_ping, 50):.3f}"
            )

            # Timer precision: 50 events x 4 pending pages.
            for _ in range(events):
                await front.send(room, "!activate timers GO")

            def pending() -> int:
                db = sqlite3.connect(harness.db_path)
                (n,) = db.execute(
                    "select count(*) from pages p join crisis_events e on "
                    "e.id = p.event_id where e.protocol_id = 'timers' and "
                    "p.state = 'pending'"
                ).fetchone()
                db.close()
                return int(n)

            deadline = time.monotonic() + 60
            peak = 0
            while time.monotonic() < deadline:
                peak = max(peak, pending())
                if len(timer_lags(harness.db_path)) >= events * 4:
                    break
                await asyncio.sleep(0.2)
            lags = timer_lags(harness.db_path)
            print(
                f"escalation timers: {events} events, {len(lags)} deadlines handled, "
                f"peak pending pages {peak}"
            )
            print(summary("timer lag", lags) + f"  max={max(lags):.1f} ms  (target p95 < 500 ms)")
        finally:
            # Every exit path, a failure included: no bot, echo bot or Synapse is left behind.
            if echo is not None and echo.poll() is None:
                echo.terminate()
                echo.wait(10)
            if harness is not None:
                harness.ensure_process_stopped()
            for u in users.values():
                await u.close()
            synapse.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--activations", type=int, default=20)
    parser.add_argument("--events", type=int, default=50)
    args = parser.parse_args()
    logging.basicConfig(level=logging.ERROR)
    run_guarded(run(args.activations, args.events))


if __name__ == "__main__":
    main()
