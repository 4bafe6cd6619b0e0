"""!actions [CE-…]: the event's open action items with owner, due and time left."""

from __future__ import annotations

from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, EventRef, ParsedArgs, Reply, command
from commands.kernel.lookup import resolve_event
from protocols.due import describe_due
from protocols.huddle.actions import ItemKind, open_items
from protocols.roles import ALL_ROLES
from storage.repositories import items


@command(
    "actions",
    roles=ALL_ROLES,
    help="List the event's open action items: owner, due time, time left or overdue.",
    args=(EventRef(),),
)
async def actions(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await resolve_event(ctx, args.get("event"), "actions")
    found = [i for i in await items.for_event(ctx.session, event.id) if i.kind is ItemKind.ACTION]
    still = open_items(found)
    if not still:
        return Reply(f"{event.id}: no open action items ({len(found)} in all).")
    tz = event.snapshot.timezone
    lines = [
        f"{i.label} {i.owner.label(event.snapshot.names)}: {i.text}; "
        f"due {describe_due(i.due, ctx.now, tz)}"
        for i in still
    ]
    head = f"{event.id}: {len(still)} open action item(s) of {len(found)}, times in {tz}"
    return bulleted(head, lines)
