"""!done [CE-…] <A-n|I-n> [note…]: an action or improvement item is done."""

from __future__ import annotations

from commands.huddle.items import ITEM, event_and_item, log_item
from commands.kernel.framework import (
    CommandContext,
    EventRef,
    ParsedArgs,
    Reply,
    Rest,
    command,
)
from commands.kernel.privacy import free_text
from protocols.huddle.actions import ItemState
from protocols.roles import STAFF_ROLES, Role
from storage.repositories import items


@command(
    "done",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Mark an action item (A-n) or improvement item (I-n) done, with an optional note.",
    args=(EventRef(), ITEM, Rest("note")),
)
async def done(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, item = await event_and_item(ctx, args, "done")
    rest = args.get("note")
    note = free_text(ctx, rest, "note") if rest else None
    item = await items.resolve(ctx.session, item, ItemState.DONE, ctx.now, ctx.sender, note)
    text = f"{item.label} done by {event.snapshot.name_of(ctx.sender)}: {item.text}" + (
        f" ({note})" if note else ""
    )
    await log_item(ctx, event, item, text)
    return Reply(f"{event.id} {text}")
