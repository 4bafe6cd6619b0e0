"""Which crisis event a command means: a named CE id, or the huddle thread it was typed in."""

from __future__ import annotations

from commands.kernel.framework import CommandContext
from protocols import permissions
from protocols.errors import PermissionDenied, UserError
from protocols.paging.crisis import CrisisEvent, EventState, parse_event_id
from storage.repositories import crisis


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


async def event_in(
    ctx: CommandContext,
    named: str | None,
    command: str,
    states: frozenset[EventState] = frozenset({EventState.ACTIVE}),
) -> CrisisEvent:
    """The event a command means (`named`, the parsed `[CE-…]`, else the huddle thread).
    Raises UserError as resolve_event, or if the event is not in one of `states`."""
    event = await resolve_event(ctx, named, command)
    if event.state not in states:
        raise UserError(f"{event.id} is {event.state.value}; it takes no more {command}s.")
    return event


def usage(ctx: CommandContext, command: str) -> str:
    spec = ctx.registry.get(command)
    return f"Usage: {spec.usage(ctx.prefix) if spec else ctx.prefix + command}"


def require_lead_or_coordinator(ctx: CommandContext, event: CrisisEvent, doing: str) -> None:
    """Raises PermissionDenied, in one line, unless the sender is on the lead agency's
    staff, a coordinator or an admin."""
    if (refusal := permissions.lead_or_coordinator(ctx.member, event, doing)) is not None:
        raise PermissionDenied(refusal)
