"""The timer runtime: APScheduler, wrapped once. Timers are a cache of rows.

One date job per crisis event, at the event's next wakeup (computed by the core from its
pending page deadlines and step due times). At start-up every active event is run once,
which fires deadlines that passed while the bot was down and re-arms the rest.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

log = logging.getLogger(__name__)

Tick = Callable[[str], Coroutine[Any, Any, None]]


class EventTimers:
    def __init__(self, tick: Tick) -> None:
        self._tick = tick
        self._scheduler = AsyncIOScheduler(
            job_defaults={"misfire_grace_time": None, "coalesce": True, "max_instances": 1}
        )
        # Where each event's job is set for; tests and !status read it.
        self.armed: dict[str, datetime] = {}
        self._running: set[asyncio.Task[None]] = set()

    def start(self) -> None:
        self._scheduler.start()

    def shutdown(self) -> None:
        if self._scheduler.running:
            self._scheduler.shutdown(wait=False)
        for task in list(self._running):
            task.cancel()

    def arm(self, event_id: str, when: datetime | None) -> None:
        """Run the event at `when` (now if past); None removes its job."""
        job_id = f"event:{event_id}"
        if when is None:
            if self._scheduler.get_job(job_id):
                self._scheduler.remove_job(job_id)
            self.armed.pop(event_id, None)
            return
        self.armed[event_id] = when
        self._scheduler.add_job(
            self._fire,
            trigger="date",
            run_date=when,
            args=[event_id],
            id=job_id,
            replace_existing=True,
        )

    async def _fire(self, event_id: str) -> None:
        # The job only starts the tick and returns. A tick re-arms its own event, often for
        # "now" when deadlines are close together; were the job still running then,
        # APScheduler would skip the new run (max_instances) and, being a one-off date job,
        # drop it: that deadline would be lost.
        self.armed.pop(event_id, None)
        task = asyncio.create_task(self._tick(event_id))
        self._running.add(task)
        task.add_done_callback(self._running.discard)
