"""Which crisis event a command means: a named CE id, or the huddle thread it was typed in."""

from __future__ import annotations

from protocols.crisis import CrisisEvent, parse_event_id
from protocols.errors import UserError
from storage.repositories import crisis

from .framework import CommandContext


async def resolve_event(ctx: CommandContext, named: str | None, command: str) -> CrisisEvent:
    """The event named by `named`, else the one whose huddle thread this is.

    Raises UserError with how to name one when neither applies or the id is unknown.
    """
    if named:
        event_id = parse_event_id(named)
        event = await crisis.get_event(ctx.session, event_id)
        if event is None:
            raise UserError(f"There is no crisis event {event_id}.")
        return event
    if ctx.thread_root:
        event = await crisis.event_by_root(ctx.session, ctx.thread_root)
        if event is not None:
            return event
    raise UserError(
        f"Say which event: {ctx.prefix}{command} CE-YYYY-NNNN, or use it in the event's huddle "
        "thread."
    )
