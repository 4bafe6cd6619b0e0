"""`mact validate`: the data checks over the bot's database, or over an agency's CSV
export, as Markdown or JSON; exit 1 when there is a high-priority finding or an error."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from commands.data.records import check_records
from protocols.data.validation import Finding
from storage.db import Database

from .config_loader import LoadedConfig
from .export_check import check_export


async def validate_database(loaded: LoadedConfig, now: datetime) -> list[Finding]:
    """Reads the database only; the running bot may keep running meanwhile (SQLite WAL)."""
    db = Database(loaded.storage_url)
    try:
        await db.migrate()
        async with db.transaction() as session:
            return await check_records(session, loaded.config, now)
    finally:
        await db.close()


def validate_file(loaded: LoadedConfig, path: Path, table: str) -> list[Finding]:
    return check_export(path, table, loaded.config)
