"""What MACT does once a day, durably (its last run is kept in the database, so a bot
restarted after a day's downtime runs it at once): the retention purge, and reminding the
supervisors of agencies whose directory entry is stale."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from protocols.config.policies import RetentionSettings
from protocols.config.schema import MactConfig
from protocols.directory import reminders_due
from protocols.durations import format_duration
from protocols.outbox import OutgoingMessage
from protocols.retention import PurgeReport
from protocols.roles import SUPERVISORY_ROLES
from storage.db import Database
from storage.repositories import directory_checks, outbox, retention, state

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


class DailyJob:
    def __init__(self, db: Database, config: MactConfig, now: Callable[[], datetime]) -> None:
        self.db = db
        self.config = config
        self.settings = config.retention
        self.now = now

    async def run_if_due(self) -> PurgeReport | None:
        """Purge and remind if the last run is a day old (or there was none); None if not
        due."""
        now = self.now()
        async with self.db.transaction() as session:
            last = await state.get(session, LAST_RUN)
        if last is not None and now - datetime.fromisoformat(last) < EVERY:
            return None
        report = await purge_database(self.db, self.settings, now, dry_run=False)
        async with self.db.transaction() as session:
            reminded = await remind_stale_entries(session, self.config, now)
            await state.put(session, LAST_RUN, now.isoformat())
        if reminded:
            log.info("directory entries stale, supervisors reminded: %s", ", ".join(reminded))
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


async def remind_stale_entries(
    session: AsyncSession, config: MactConfig, now: datetime
) -> list[str]:
    """DM each stale agency's supervisors (every `remind_every`); the agencies reminded. The
    messages are queued in the outbox, which the sender's retry pass sends."""
    settings = config.directory
    checks = await directory_checks.every(session)
    due = reminders_due(list(config.agency_codes), checks, settings, now)
    for code in due:
        supervisors = [
            r.matrix_id for r in config.roster if r.agency == code and r.role in SUPERVISORY_ROLES
        ]
        for user in supervisors:
            text = (
                f"{code}'s entry in the contact directory has not been verified for "
                f"{format_duration(settings.verify_every)} or more: check its contacts, hours "
                f"and escalation, then say {config.bot.command_prefix}directory verify {code}."
            )
            message = OutgoingMessage(
                txn_id=f"directory-stale-{code}-{user}-{now:%Y%m%d}",
                room_id=None,
                to_user=user,
                event_type="m.room.message",
                content={"msgtype": "m.notice", "body": text, "m.mentions": {}},
            )
            await outbox.enqueue(session, message, now)
        await directory_checks.reminded(session, code, now)
    return due
