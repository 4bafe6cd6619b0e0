"""!drop [CE-…] <A-n|I-n> <reason…>: an item will not be done, and why."""

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
    "drop",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Drop an item that will not be done; the reason is required and goes on the record.",
    args=(EventRef(), ITEM, Rest("reason", optional=False)),
)
async def drop(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, item = await event_and_item(ctx, args, "drop")
    reason = free_text(ctx, args.req("reason"), "reason")
    item = await items.resolve(ctx.session, item, ItemState.DROPPED, ctx.now, ctx.sender, reason)
    text = f"{item.label} dropped by {event.snapshot.name_of(ctx.sender)}: {reason}"
    await log_item(ctx, event, item, text)
    return Reply(f"{event.id} {text}")
