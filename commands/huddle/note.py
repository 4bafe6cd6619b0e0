"""!note [CE-…] <text…>: add a note to an event's timeline."""

from __future__ import annotations

from commands.kernel.framework import (
    CommandContext,
    EventRef,
    ParsedArgs,
    Reply,
    Rest,
    command,
)
from commands.kernel.lookup import event_in
from commands.kernel.privacy import free_text
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import timeline


@command(
    "note",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Add a note to the event's timeline. In the huddle thread, or name the event first.",
    args=(EventRef(), Rest("text", optional=False)),
)
async def note(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await event_in(ctx, args.get("event"), "note")
    text = free_text(ctx, args.req("text"), "note")
    await timeline.append(
        ctx.session,
        TimelineEntry(
            event.id,
            ctx.now,
            EntryKind.NOTE,
            f"Note by {event.snapshot.name_of(ctx.sender)} ({ctx.member.agency}): {text}",
            ctx.member.agency,
            ctx.sender,
        ),
    )
    ctx.audit_ref = event.id
    return Reply(f"Noted on {event.id}'s timeline.")
