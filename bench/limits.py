"""Input bounds under load: can any one message stall the bot?

1. The privacy check on texts shaped to make matching slow (the email pattern once took
   4.5 s on 45,000 letters), at the command length limit (target < 50 ms) and at 60 KB
   (linear growth; chat cannot send it): time per text, best of 5.
2. Page deadlines while 10 maximal commands (at the length limit, text built to be slow to
   check) arrive at the moment the deadlines fall due, against the same deadlines with no
   such commands, in one run: the lag of each deadline (handled - due) from the bot's rows.
   Target: no command holds the work lock long enough to delay a page deadline visibly.

    .venv/bin/python -m bench.limits [--events 10]
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

from bench.guard import run_guarded
from bench.rig import shelter_rig
from bench.stats import percentile, summary
from protocols.privacy import identifying_reason
from tests.helpers.bot_harness import BotHarness
from tests.helpers.matrix_user import MatrixUser

SHAPES = {
    "letters": "x",
    "email local part, no @": "a.",
    "digits": "1",
    "at signs": "a@",
    "spaced digits": " 1",
    "plus digits": "+1 ",
    "month words": "1 may x ",
    "dotted domain": "a@" + "b." * 100,
    "bracketed digits": "(1) ",
    "hyphenated digits": "1-",
    "capitalised words": "Ab ",
    "spelled email": "a at b ",
}
WINDOW_S = 6
MAX_LENGTH = 4000


def privacy_times() -> None:
    """At the command length limit (what chat can send: longer is refused before any check)
    and at 60 KB (the growth stays linear), best of 5."""
    print(f"privacy check, best of 5: {MAX_LENGTH} characters (target < 50 ms) and 60 KB")
    for name, unit in SHAPES.items():
        at_limit = min(
            _timed((unit * (MAX_LENGTH // len(unit) + 1))[:MAX_LENGTH]) for _ in range(5)
        )
        big = min(_timed(unit * (60_000 // len(unit))) for _ in range(5))
        print(f"  {name:<24} {at_limit * 1000:6.1f} ms   60 KB: {big * 1000:6.1f} ms")


def _timed(text: str) -> float:
    start = time.perf_counter()
    identifying_reason(text)
    return time.perf_counter() - start


def lags(db_path: Path, events: list[str]) -> list[float]:
    db = sqlite3.connect(db_path)
    marks = ",".join("?" * len(events))
    rows = db.execute(
        f"select deadline, resolved_at from pages where state = 'missed' "  # noqa: S608
        f"and event_id in ({marks})",
        events,
    ).fetchall()
    db.close()
    return [
        (datetime.fromisoformat(r) - datetime.fromisoformat(d)).total_seconds() * 1000
        for d, r in rows
    ]


async def activate_batch(front: MatrixUser, room: str, n: int) -> list[str]:
    before = len(front.received)
    for _ in range(n):
        await front.send(room, "!activate limits GO")
    await front.wait_until(
        lambda: sum(1 for r in front.received[before:] if r.body.startswith("🚨 ")) >= n,
        timeout=60,
        what="activations",
    )
    return [r.body.split()[4] for r in front.received[before:] if r.body.startswith("🚨 ")]


async def deadline_round(
    harness: BotHarness, front: MatrixUser, room: str, n: int, *, flood: bool
) -> list[float]:
    events = await activate_batch(front, room, n)
    if flood:
        # Ten commands at the length limit land as the windows end.
        await asyncio.sleep(WINDOW_S - 1.2)
        body = f"!note {events[0]} " + "a." * ((MAX_LENGTH - 30) // 2)
        await asyncio.gather(*(front.send(room, body) for _ in range(10)))
    for _ in range(300):  # at most a minute
        done = len(lags(harness.db_path, events)) >= n
        if done and (not flood or notes(harness.db_path, events[0]) >= 10):
            break
        await asyncio.sleep(0.2)
    if flood:
        overlap(harness.db_path, events)
    return lags(harness.db_path, events)


def notes(db_path: Path, event_id: str) -> int:
    db = sqlite3.connect(db_path)
    (n,) = db.execute(
        "select count(*) from timeline where kind = 'note' and event_id = ?", (event_id,)
    ).fetchone()
    db.close()
    return int(n)


def overlap(db_path: Path, events: list[str]) -> None:
    """When the ten commands were handled, relative to the first page deadline."""
    db = sqlite3.connect(db_path)
    marks = ",".join("?" * len(events))
    (first_due,) = db.execute(
        f"select min(deadline) from pages where event_id in ({marks})",  # noqa: S608
        events,
    ).fetchone()
    notes = [
        at
        for (at,) in db.execute(
            "select at from timeline where kind = 'note' and event_id = ?", (events[0],)
        )
    ]
    db.close()
    due = datetime.fromisoformat(first_due)
    offsets = sorted((datetime.fromisoformat(a) - due).total_seconds() * 1000 for a in notes)
    print(
        f"the {len(offsets)} commands were handled from {offsets[0]:+.0f} ms to "
        f"{offsets[-1]:+.0f} ms around the first deadline"
    )


async def run(events: int) -> None:
    privacy_times()
    protocol = {
        "id": "limits",
        "title": "Limits",
        "sequence": [{"agency": "SHELTER", "ack_window": f"{WINDOW_S}s", "on_no_ack": "notice"}],
    }
    with tempfile.TemporaryDirectory(prefix="mact-bench-") as tmp_name:
        async with shelter_rig(Path(tmp_name), ("front", "coord", "s1"), protocol) as rig:
            front, room = rig.users["front"], rig.room
            await activate_batch(front, room, 1)  # warm-up: the DM exists after this
            quiet = await deadline_round(rig.harness, front, room, events, flood=False)
            busy = await deadline_round(rig.harness, front, room, events, flood=True)
        print(f"page deadlines, {events} events per round, ack window {WINDOW_S} s")
        print(summary("lag, no commands", quiet))
        print(summary("lag, 10 max commands", busy))
        print(
            f"ratio p95 busy/quiet = {percentile(busy, 95) / percentile(quiet, 95):.2f}; "
            f"max busy = {max(busy):.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10)
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    run_guarded(run(args.events))


if __name__ == "__main__":
    main()
