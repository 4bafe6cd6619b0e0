"""!extend [CE-…] <A-n|I-n> <due>: a new due time; its reminders start over."""

from __future__ import annotations

import dataclasses

from commands.huddle.items import event_item_and_rest, log_item
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, command
from commands.kernel.lookup import usage
from protocols.due import describe_due, parse_due, take_due
from protocols.errors import UserError
from protocols.huddle.actions import Stage
from protocols.roles import STAFF_ROLES, Role
from storage.repositories import items


@command(
    "extend",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Give an item a new due time (same forms as !action); its reminders start over.",
    args=(Rest("args", optional=False),),
    usage_args="[CE-…] <A-n|I-n> <due>",
)
async def extend(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, item, rest = await event_item_and_rest(ctx, args.req("args"), "extend")
    due_text, extra = take_due(rest)
    if not due_text or extra:
        raise UserError(usage(ctx, "extend"))
    due = parse_due(due_text, ctx.now, event.snapshot.timezone)
    item = dataclasses.replace(item, due=due, due_set_at=ctx.now, stage=Stage.NONE)
    await items.save(ctx.session, item)
    when = describe_due(due, ctx.now, event.snapshot.timezone)
    text = f"{item.label} extended by {ctx.sender}: now due {when}"
    await log_item(ctx, event, item, text)
    return Reply(f"{event.id} {text}")
