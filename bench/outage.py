"""The homeserver stops during an escalation: does MACT stay up, and how late, lost or
doubled are the pages whose deadlines fell due meanwhile?

For each outage length (default 5, 30 and 120 s): an activation pages SHELTER's primary
(ack window 3 s), then Synapse is stopped at once, so the window ends during the outage;
after the outage Synapse is started again. Printed per outage: whether the bot process was
still running, when the missed deadline was handled after the homeserver answered again
(from the bot's rows), when the backup page reached the backup's client, and how many pages
each contact received (1 each is right: 0 is lost, 2 is doubled).

    .venv/bin/python -m bench.outage [--outages 5 30 120]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.guard import run_guarded
from bench.rig import shelter_rig
from bot.local_homeserver import LocalSynapse
from tests.helpers.bot_harness import BotHarness
from tests.helpers.matrix_user import MatrixUser

WINDOW_S = 3


def is_page(r: Any) -> bool:
    return str(r.body).startswith("MACT page for ")


def missed_deadline(db_path: Path, event_id: str) -> tuple[datetime, datetime] | None:
    """(deadline, handled at) of the event's first page once it is marked missed."""
    db = sqlite3.connect(db_path)
    row = db.execute(
        "select deadline, resolved_at from pages where event_id = ? and attempt = 1 "
        "and state = 'missed'",
        (event_id,),
    ).fetchone()
    db.close()
    if row is None:
        return None
    return (
        datetime.fromisoformat(row[0]).replace(tzinfo=UTC),
        datetime.fromisoformat(row[1]).replace(tzinfo=UTC),
    )


async def one_outage(
    synapse: LocalSynapse,
    harness: BotHarness,
    users: dict[str, MatrixUser],
    room: str,
    outage_s: float,
) -> str:
    front, s1, s2 = users["front"], users["s1"], users["s2"]
    pages_before = {n: len([r for r in users[n].received if is_page(r)]) for n in ("s1", "s2")}
    notices_before = len(front.received)
    await front.send(room, "!activate outage GO")
    await s1.wait_until(
        lambda: len([r for r in s1.received if is_page(r)]) > pages_before["s1"],
        timeout=30,
        what="first page",
    )
    notice = await front.wait_for(
        lambda r: r.body.startswith("🚨 "), after=notices_before, what="activation notice"
    )
    event_id = notice.body.split()[4]

    synapse.stop()
    stopped = time.monotonic()
    await asyncio.sleep(outage_s)
    proc = harness.process
    up = proc is not None and proc.poll() is None
    synapse.start()
    back_at = datetime.now(UTC)
    outage = time.monotonic() - stopped

    found = None
    deadline = time.monotonic() + 90
    while found is None and time.monotonic() < deadline:
        found = missed_deadline(harness.db_path, event_id)
        await asyncio.sleep(0.1)
    got_backup = time.monotonic()
    try:
        await s2.wait_until(
            lambda: len([r for r in s2.received if is_page(r)]) > pages_before["s2"],
            timeout=90,
            what="backup page",
        )
        backup_s = f"{time.monotonic() - got_backup:5.1f} s"
    except AssertionError:
        backup_s = "never"
    await asyncio.sleep(2.0)  # time for a duplicate to show
    counts = {
        n: len([r for r in users[n].received if is_page(r)]) - pages_before[n] for n in ("s1", "s2")
    }
    if found is None:
        handled = "never handled"
    else:
        due, handled_at = found
        handled = (
            f"deadline handled {(handled_at - back_at).total_seconds():5.1f} s after the "
            f"homeserver was back (late by {(handled_at - due).total_seconds():5.1f} s)"
        )
    return (
        f"outage {outage_s:>5.0f} s (down {outage:5.1f} s incl. restart): bot up={up}; "
        f"{handled}; backup page received {backup_s} later; pages s1={counts['s1']} "
        f"s2={counts['s2']} (lost {sum(1 for c in counts.values() if c == 0)}, "
        f"doubled {sum(1 for c in counts.values() if c > 1)})"
    )


async def run(outages: list[float]) -> None:
    protocol = {
        "id": "outage",
        "title": "Outage",
        "sequence": [{"agency": "SHELTER", "ack_window": f"{WINDOW_S}s"}],
    }
    with tempfile.TemporaryDirectory(prefix="mact-bench-") as tmp_name:
        tmp = Path(tmp_name)
        async with shelter_rig(tmp, ("front", "coord", "s1", "s2"), protocol) as rig:
            print(f"homeserver outages during an escalation (ack window {WINDOW_S} s)")
            for seconds in outages:
                line = await one_outage(rig.synapse, rig.harness, rig.users, rig.room, seconds)
                print(line, flush=True)
            log = (tmp / "bot-process.log").read_text(encoding="utf-8")
            print(
                f"bot log: {log.count('homeserver unreachable')} outage starts and "
                f"{log.count('homeserver reachable again')} recoveries logged for "
                f"{len(outages)} outages"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--outages", type=float, nargs="+", default=[5.0, 30.0, 120.0])
    args = parser.parse_args()
    logging.basicConfig(level=logging.CRITICAL)
    run_guarded(run(args.outages))


if __name__ == "__main__":
    main()
