"""The daily purge (retention), durable: its last run is kept in the database, so a bot
restarted after a day's downtime purges at once rather than a day later."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from protocols.config.policies import RetentionSettings
from protocols.retention import PurgeReport
from storage.db import Database
from storage.repositories import retention, state

log = logging.getLogger(__name__)

LAST_RUN = "retention_last_run"
EVERY = timedelta(days=1)
CHECK_EVERY = timedelta(hours=1)


async def purge_database(
    db: Database, settings: RetentionSettings, now: datetime, *, dry_run: bool
) -> PurgeReport:
    """One purge (or a count of what it would take); the WAL truncated after a real one,
    so purged text does not linger in old write-ahead-log frames either."""
    async with db.transaction() as session:
        report = await retention.purge(session, settings, now, dry_run=dry_run)
    if not dry_run and report.total:
        await db.truncate_wal()
    return report


class RetentionJob:
    def __init__(
        self, db: Database, settings: RetentionSettings, now: Callable[[], datetime]
    ) -> None:
        self.db = db
        self.settings = settings
        self.now = now

    async def run_if_due(self) -> PurgeReport | None:
        """Purge if the last purge is a day old (or there was none); None if not due."""
        now = self.now()
        async with self.db.transaction() as session:
            last = await state.get(session, LAST_RUN)
        if last is not None and now - datetime.fromisoformat(last) < EVERY:
            return None
        report = await purge_database(self.db, self.settings, now, dry_run=False)
        async with self.db.transaction() as session:
            await state.put(session, LAST_RUN, now.isoformat())
        # Counts and event ids only.
        log.info("retention purge: %s", "; ".join(report.lines()))
        return report

    async def forever(self) -> None:
        while True:
            try:
                await self.run_if_due()
            except Exception:
                log.exception("retention purge failed; tried again in an hour")
            await asyncio.sleep(CHECK_EVERY.total_seconds())
