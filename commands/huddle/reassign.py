"""!reassign [CE-…] <A-n|I-n> <owner>: another agency or member takes the item."""

from __future__ import annotations

import dataclasses

from commands.huddle.items import ITEM, event_and_item, log_item, owner_reply, resolve_owner
from commands.kernel.framework import (
    CommandContext,
    EventRef,
    ParsedArgs,
    Reply,
    Word,
    command,
)
from protocols.roles import STAFF_ROLES, Role
from storage.repositories import items


@command(
    "reassign",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Give an item to another owner (agency code or @user:server); the new owner gets "
    "its reminders.",
    args=(EventRef(), ITEM, Word("owner")),
)
async def reassign(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, item = await event_and_item(ctx, args, "reassign")
    owner = resolve_owner(ctx.config, event, args.req("owner"))
    names = event.snapshot.names
    before = item.owner.label(names)
    item = dataclasses.replace(item, owner=owner)
    await items.save(ctx.session, item)
    by = event.snapshot.name_of(ctx.sender)
    text = f"{item.label} reassigned by {by} from {before} to {owner.label(names)}"
    await log_item(ctx, event, item, text)
    return owner_reply(event, f"{event.id} {text}", owner)
