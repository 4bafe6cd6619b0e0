"""Which meeting a command means: the occurrence whose thread it was typed in."""

from __future__ import annotations

from commands.kernel.framework import CommandContext
from protocols.errors import UserError
from protocols.meetings.series import Occurrence, Series
from storage.repositories import meetings


async def meeting_here(ctx: CommandContext) -> tuple[Series, Occurrence]:
    """The series and occurrence of the thread the command is in (its agenda's thread);
    UserError otherwise."""
    found = await meetings.by_thread(ctx.session, ctx.thread_root) if ctx.thread_root else None
    if found is None:
        raise UserError("Say it in the meeting's thread: reply in the thread of its agenda.")
    series = await meetings.get_series(ctx.session, found.series_id)
    assert series is not None
    return series, found


def zone_of(series: Series) -> str:
    return str(series.start.tzinfo)
