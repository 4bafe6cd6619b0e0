"""A series' occurrences as durable rows, planned a year ahead (and topped up as they pass),
and the room a series meets in."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.framework import CommandContext
from protocols.errors import UserError
from protocols.meetings.recurrence import occurrences
from protocols.meetings.series import Occurrence, Series, new_occurrence
from storage.repositories import meetings

HORIZON = timedelta(days=366)
MAX_PLANNED = 60


async def materialize(session: AsyncSession, series: Series, now: datetime) -> list[Occurrence]:
    """Rows for the series' occurrences from now to a year ahead (at most 60 planned):
    new ones are added, existing ones kept as they are (skipped stays skipped)."""
    have = {o.key for o in await meetings.occurrences_of(session, series.id)}
    made = []
    times = occurrences(series.rule, series.start, now, now + HORIZON, series.until)
    for at in times[:MAX_PLANNED]:
        occ = new_occurrence(series, at, at.astimezone(series.start.tzinfo),
                             series.snapshot.meetings.agenda_before)  # fmt: skip
        if occ.key not in have:
            await meetings.put_occurrence(session, occ)
        made.append(occ)
    return made


def room_for(ctx: CommandContext, text: str | None) -> str:
    """The room id a series meets in: --room (a coordination room, by alias or id), else
    the room the command was typed in if it is one, else the first coordination room."""
    room_ids: dict[str, str] = ctx.services.get("room_ids", {})
    allowed = set(room_ids.values())
    if text is not None:
        found = room_ids.get(text) or (text if text in allowed else None)
        if found is None:
            rooms = ", ".join(ctx.config.coalition.coordination_rooms)
            raise UserError(f"--room is one of the coordination rooms: {rooms}.")
        return found
    if ctx.room_id in allowed:
        return str(ctx.room_id)
    first = room_ids.get(ctx.config.coalition.coordination_rooms[0])
    if first is None:
        raise UserError("The coordination room is not joined yet; try again in a moment.")
    return first
