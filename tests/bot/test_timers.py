"""The timer wrapper: an event that re-arms itself for "now" from inside its tick runs again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from bot.timers import EventTimers


async def test_a_tick_that_rearms_for_now_is_not_dropped() -> None:
    runs: list[str] = []
    done = asyncio.Event()

    async def tick(event_id: str) -> None:
        runs.append(event_id)
        # As a busy tick does: still working when it sets the next wakeup to "now".
        timers.arm(event_id, datetime.now(UTC) if len(runs) < 5 else None)
        await asyncio.sleep(0.05)
        if len(runs) >= 5:
            done.set()

    timers = EventTimers(tick)
    timers.start()
    try:
        timers.arm("CE-2026-0001", datetime.now(UTC))
        await asyncio.wait_for(done.wait(), 5)
    finally:
        timers.shutdown()
    assert runs == ["CE-2026-0001"] * 5
    assert "CE-2026-0001" not in timers.armed


async def test_rearming_moves_the_one_job_of_an_event() -> None:
    runs: list[datetime] = []

    async def tick(event_id: str) -> None:
        runs.append(datetime.now(UTC))

    timers = EventTimers(tick)
    timers.start()
    try:
        timers.arm("CE-2026-0002", datetime.now(UTC) + timedelta(seconds=30))
        timers.arm("CE-2026-0002", datetime.now(UTC) + timedelta(milliseconds=50))
        await asyncio.sleep(0.4)
    finally:
        timers.shutdown()
    assert len(runs) == 1
