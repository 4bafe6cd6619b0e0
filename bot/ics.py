"""`mact calendar --ics`: the shared calendar (meetings, trainings, after-action reviews)
as one iCalendar file, written with the icalendar library. No location: one could reveal a
shelter."""

from __future__ import annotations

from datetime import datetime

from icalendar import Calendar, Event

from commands.training.calendar_items import calendar_items
from protocols.calendar_export import CalendarItem
from storage.db import Database

from .config_loader import LoadedConfig


def to_ics(items: list[CalendarItem], name: str, now: datetime) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//MACT//shared calendar//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for item in items:
        event = Event()
        event.add("uid", item.uid)
        event.add("summary", item.summary)
        event.add("dtstart", item.starts_at)
        event.add("dtend", item.ends_at)
        event.add("dtstamp", now)
        event.add("description", item.description)
        event.add("categories", [item.category])
        cal.add_component(event)
    data: bytes = cal.to_ical()
    return data


async def calendar_file(loaded: LoadedConfig, now: datetime) -> bytes:
    """Reads the database only; the running bot may keep running meanwhile."""
    db = Database(loaded.storage_url)
    try:
        await db.migrate()
        async with db.transaction() as session:
            items = await calendar_items(session)
    finally:
        await db.close()
    return to_ics(items, f"{loaded.config.coalition.name}: shared calendar", now)
