"""!extend [CE-…] <A-n|I-n> <due>: a new due time; its reminders start over."""

from __future__ import annotations

import dataclasses

from commands.huddle.items import ITEM, event_and_item, log_item
from commands.kernel.framework import (
    CommandContext,
    Due,
    EventRef,
    ParsedArgs,
    Reply,
    command,
)
from protocols.due import describe_due, parse_due
from protocols.huddle.actions import Stage
from protocols.roles import STAFF_ROLES, Role
from storage.repositories import items


@command(
    "extend",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Give an item a new due time (same forms as !action); its reminders start over.",
    args=(EventRef(), ITEM, Due()),
)
async def extend(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, item = await event_and_item(ctx, args, "extend")
    due = parse_due(args.req("due"), ctx.now, event.snapshot.timezone)
    item = dataclasses.replace(item, due=due, due_set_at=ctx.now, stage=Stage.NONE)
    await items.save(ctx.session, item)
    when = describe_due(due, ctx.now, event.snapshot.timezone)
    text = f"{item.label} extended by {event.snapshot.name_of(ctx.sender)}: now due {when}"
    await log_item(ctx, event, item, text)
    return Reply(f"{event.id} {text}")
