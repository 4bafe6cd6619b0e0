"""`mact export CE-… --format md|json`: an event's summary for coordinators' records."""

from __future__ import annotations

import json
from datetime import datetime

from commands.huddle.records import load_record
from protocols.errors import UserError
from protocols.huddle.record_json import to_json
from protocols.huddle.summary import (
    build,
    render_markdown,
)
from protocols.paging.crisis import parse_event_id
from storage.db import Database
from storage.repositories import crisis

from .config_loader import LoadedConfig


async def export_event(loaded: LoadedConfig, event_id: str, fmt: str, now: datetime) -> str:
    """The whole summary (every timeline entry) as Markdown or JSON text. Raises
    UserError for a malformed or unknown event id. Reads the database only; the running
    bot may keep running meanwhile (SQLite WAL)."""
    event_id = parse_event_id(event_id)
    db = Database(loaded.storage_url)
    try:
        await db.migrate()
        async with db.transaction() as session:
            event = await crisis.get_event(session, event_id)
            if event is None:
                raise UserError(f"There is no crisis event {event_id}.")
            record = await load_record(session, event)
    finally:
        await db.close()
    if fmt == "json":
        return json.dumps(to_json(record, now), indent=2, ensure_ascii=False) + "\n"
    return render_markdown(build(record, now))
