"""!carry [CE-…] <A-n> <owner>: hand an open action item over beyond this event."""

from __future__ import annotations

from commands.huddle.items import event_and_item, log_item, owner_reply, resolve_owner
from commands.kernel.framework import (
    CommandContext,
    EventRef,
    ParsedArgs,
    Reply,
    Word,
    command,
)
from protocols.errors import UserError
from protocols.huddle.actions import ItemKind, ItemState
from protocols.roles import STAFF_ROLES, Role
from storage.repositories import items


@command(
    "carry",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Carry an open action item over to a named owner (agency or @user:server) who "
    "follows it up after the event; it then counts as resolved for !close.",
    args=(EventRef(), Word("item", shown="A-n"), Word("owner")),
)
async def carry(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, item = await event_and_item(ctx, args, "carry")
    if item.kind is not ItemKind.ACTION:
        raise UserError(
            f"{item.label} is an improvement item; it is already tracked after the event."
        )
    owner = resolve_owner(ctx.config, event, args.req("owner"))
    to = owner.label(event.snapshot.names)
    item = await items.resolve(ctx.session, item, ItemState.CARRIED, ctx.now, ctx.sender, to)
    by = event.snapshot.name_of(ctx.sender)
    text = f"{item.label} carried over by {by} to {to}: {item.text}"
    await log_item(ctx, event, item, text)
    return owner_reply(event, f"{event.id} {text}", owner)
