"""!action [CE-…] <owner> <due> <text…>: a time-limited action item for an agency or a member."""

from __future__ import annotations

from commands.huddle.items import log_item, owner_reply, resolve_owner
from commands.kernel.framework import (
    CommandContext,
    Due,
    EventRef,
    ParsedArgs,
    Reply,
    Rest,
    Word,
    command,
)
from commands.kernel.lookup import event_in
from commands.kernel.privacy import free_text
from protocols.due import describe_due, parse_due
from protocols.huddle.actions import ItemKind, new_item
from protocols.roles import STAFF_ROLES, Role
from storage.repositories import items


@command(
    "action",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Add an action item: owner is an agency code or @user:server; due is 30m, 2h, 15:30, "
    "tomorrow 09:00 or ISO 8601 (coalition time). The owner is reminded before the due time, "
    "told when it is overdue, and the agency's backup is mentioned after the grace period.",
    args=(EventRef(), Word("owner"), Due(), Rest("text", optional=False)),
)
async def action(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await event_in(ctx, args.get("event"), "action")
    text = free_text(ctx, args.req("text"), "action item")
    owner = resolve_owner(ctx.config, event, args.req("owner"))
    due = parse_due(args.req("due"), ctx.now, event.snapshot.timezone)
    number = await items.next_number(ctx.session, event.id, ItemKind.ACTION)
    item = new_item(event.id, ItemKind.ACTION, number, owner, text, due, ctx.sender, ctx.now)
    await items.save(ctx.session, item)
    when = describe_due(due, ctx.now, event.snapshot.timezone)
    said = f"{item.label} for {owner.label(event.snapshot.names)}, due {when}: {text}"
    await log_item(ctx, event, item, said)
    # The owner hears of it now, not only at the first reminder.
    return owner_reply(event, f"{event.id} {said}", owner)
