"""Start-up at scale: 1,000 crisis events with 10,000 pending deadlines of every kind.

900 active events, each with a pending page (ack window 1 h), 8 open action items and a
scheduled check-in; 100 closed events, each with an after-action review not yet posted and
9 open improvement items: 10,000 deadlines, written while the bot is stopped. Then the bot
starts as its own process. Printed: the start-up reconciliation's time (every deadline
source's keys run once, from the bot's log; target under 2 s), the time to ready, and the
bot's resident memory once ready and 10 s later (target under 150 MB).

    .venv/bin/python -m bench.scale [--active 900] [--closed 100]
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

from bench.guard import run_guarded
from bench.rig import Rig, shelter_rig
from bot.config_loader import load_config_or_raise
from commands.paging import sequence
from protocols.huddle.actions import ItemKind, Owner, new_item
from protocols.huddle.checkins import Checkin
from protocols.ids import UserId
from protocols.paging.crisis import CrisisEvent, EventState, take_snapshot
from protocols.paging.escalation import plan_steps
from protocols.review.aar import Review
from storage.db import Database
from storage.repositories import checkins, crisis, items, reviews

PROTOCOL = {
    "id": "scale",
    "title": "Scale",
    "sequence": [{"agency": "SHELTER", "ack_window": "1h"}],
    "checkin": {"cadence": "2h", "reminder_lead": "30m", "overdue_grace": "1h"},
}


async def seed(rig: Rig, active: int, closed: int) -> int:
    """Write the events and their deadlines; returns how many deadlines are pending."""
    config = load_config_or_raise(rig.harness.config_path).config
    protocol = config.protocols[0]
    who = UserId(rig.users["s1"].user_id)
    owner = Owner("SHELTER", None, (who,), (who,))
    now = datetime.now(UTC)
    db = Database(f"sqlite+aiosqlite:///{rig.harness.db_path}")
    pending = 0
    async with db.transaction() as session:
        for n in range(1, active + closed + 1):
            event = CrisisEvent(
                f"CE-2026-{n + 1000:04d}", take_snapshot(config, protocol), "GO", None, None,
                "SHELTER", who, now, rig.room, "$root", EventState.ACTIVE,
            )  # fmt: skip
            await crisis.insert_event(session, event, 2026, n + 1000)
            if n <= active:
                await sequence.run(
                    session, event, now, planned=plan_steps(protocol, "SHELTER", now)
                )
                kinds, count = ItemKind.ACTION, 8
                await checkins.save(session, Checkin(event.id, 1, now + timedelta(hours=2), None))
                pending += 1 + 1  # the page, the check-in
            else:
                await crisis.end_event(session, event.id, EventState.CLOSED, now, None, "DONE")
                await reviews.save(session, Review(event.id, now + timedelta(days=3)))
                kinds, count = ItemKind.IMPROVEMENT, 9
                pending += 1  # the review
            for k in range(1, count + 1):
                due = now + timedelta(hours=3, minutes=n % 60 + k)
                await items.save(session, new_item(event.id, kinds, k, owner, "x", due, who, now))
                pending += 1
    await db.close()
    # The pages were "sent" before the restart: only deadlines are measured, not 900 sends.
    raw = sqlite3.connect(rig.harness.db_path)
    raw.execute("update outbox set sent_at = created_at, content = '{}' where sent_at is null")
    raw.commit()
    raw.close()
    return pending


def rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    match = re.search(r"^VmRSS:\s+(\d+) kB", status, re.M)
    return int(match.group(1)) / 1024 if match else float("nan")


async def run(active: int, closed: int) -> None:
    with tempfile.TemporaryDirectory(prefix="mact-bench-") as tmp_name:
        tmp = Path(tmp_name)
        async with shelter_rig(tmp, ("front", "coord", "s1"), PROTOCOL) as rig:
            rig.harness.ensure_process_stopped()
            pending = await seed(rig, active, closed)
            log_path = tmp / "bot-process.log"
            log_path.write_text("", encoding="utf-8")
            started = time.monotonic()
            rig.harness.start_process()
            rig.harness.wait_process_log("ready:", timeout=120)
            ready_s = time.monotonic() - started
            assert rig.harness.process is not None
            pid = rig.harness.process.pid
            at_ready = rss_mb(pid)
            await asyncio.sleep(10)
            later = rss_mb(pid)
            log = log_path.read_text(encoding="utf-8")
            found = re.search(
                r"reconciled (\d+) keys with deadlines \((\d+) due\) in ([\d.]+)s", log
            )
            print(
                f"{active + closed} events ({active} active, {closed} closed), "
                f"{pending} pending deadlines"
            )
            if found:
                print(
                    f"start-up reconciliation: {found.group(1)} keys, {found.group(2)} due and "
                    f"run, the rest armed, in {float(found.group(3)):.2f} s (target < 2 s)"
                )
            print(f"process start -> ready: {ready_s:.2f} s")
            print(f"RSS at ready {at_ready:.0f} MB, 10 s later {later:.0f} MB (target < 150 MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--active", type=int, default=900)
    parser.add_argument("--closed", type=int, default=100)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    run_guarded(run(args.active, args.closed))


if __name__ == "__main__":
    main()
