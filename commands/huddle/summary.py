"""!summary [CE-…]: the event's summary so far (or final), as posted on close."""

from __future__ import annotations

from commands.huddle.records import load_record, summary_reply
from commands.kernel.framework import CommandContext, EventRef, ParsedArgs, Reply, command
from commands.kernel.lookup import resolve_event
from protocols.roles import ALL_ROLES


@command(
    "summary",
    roles=ALL_ROLES,
    help="Post the event's summary: paging and acknowledgement times per agency, decisions, "
    "action items, check-ins, duration, outcome and the latest timeline entries.",
    args=(EventRef(),),
)
async def summary(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await resolve_event(ctx, args.get("event"), "summary")
    ctx.audit_ref = event.id
    return summary_reply(await load_record(ctx.session, event), ctx.now)
