"""!reassign [CE-…] <A-n|I-n> <owner>: another agency or member takes the item."""

from __future__ import annotations

import dataclasses

from commands.huddle.items import event_item_and_rest, log_item, resolve_owner
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, command
from commands.kernel.lookup import usage
from protocols.errors import UserError
from protocols.roles import STAFF_ROLES, Role
from storage.repositories import items


@command(
    "reassign",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Give an item to another owner (agency code or @user:server); the new owner gets "
    "its reminders.",
    args=(Rest("args", optional=False),),
    usage_args="[CE-…] <A-n|I-n> <owner>",
)
async def reassign(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, item, rest = await event_item_and_rest(ctx, args.req("args"), "reassign")
    if not rest or " " in rest:
        raise UserError(usage(ctx, "reassign"))
    owner = resolve_owner(ctx.config, event, rest)
    before = item.owner.label
    item = dataclasses.replace(item, owner=owner)
    await items.save(ctx.session, item)
    text = f"{item.label} reassigned by {ctx.sender} from {before} to {owner.label}"
    await log_item(ctx, event, item, text)
    return Reply(f"{event.id} {text}", mentions=owner.notify)
