"""`mact report referrals --period … --format md|json|csv`: the referral report from the
database, for an agency's records or a funder. Aggregates only, suppressed as in the room."""

from __future__ import annotations

from datetime import datetime

from commands.data.indicators import heading, indicator_values
from protocols.data.indicators_formats import render_indicators
from protocols.referrals.report import build_report
from protocols.referrals.report_formats import render
from protocols.reports.period import parse_period
from storage.db import Database
from storage.repositories import referrals

from .config_loader import LoadedConfig


async def indicators_report(
    loaded: LoadedConfig, period_text: str | None, fmt: str, now: datetime
) -> str:
    """The shared indicators as text (md, json or csv); suppressed values read '<N' (null
    in JSON). Raises UserError for a bad period."""
    config = loaded.config
    period = parse_period(period_text or config.reports.default_period, now,
                          config.coalition.timezone)  # fmt: skip
    db = Database(loaded.storage_url)
    try:
        await db.migrate()
        async with db.transaction() as session:
            values = await indicator_values(session, config, period)
    finally:
        await db.close()
    return render_indicators(values, heading(config, period), period, config, fmt)


async def referral_report(
    loaded: LoadedConfig, period_text: str | None, fmt: str, now: datetime
) -> str:
    """The report as text. Raises UserError for a bad period. Reads the database only; the
    running bot may keep running meanwhile (SQLite WAL)."""
    config = loaded.config
    tz = config.coalition.timezone
    period = parse_period(period_text or config.reports.default_period, now, tz)
    db = Database(loaded.storage_url)
    try:
        await db.migrate()
        async with db.transaction() as session:
            found = await referrals.sent_between(session, period.start, period.end)
    finally:
        await db.close()
    below = config.reports.suppress_below
    return render(build_report(found, period, now, below, config.agency_codes, tz), fmt)
