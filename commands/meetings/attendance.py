"""!here and !regrets <agency> [sent-info…]: attendance in a meeting's thread (the minutes'
attendance list). An agency sending regrets may say what it sent instead."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, Word, command
from commands.kernel.privacy import free_text
from commands.meetings.lookup import meeting_here
from protocols.errors import UserError
from protocols.meetings.minutes import Entry, EntryKind
from protocols.roles import STAFF_ROLES
from storage.repositories import meetings


@command(
    "here",
    roles=STAFF_ROLES,
    help="In a meeting's thread: your agency attends (for the minutes' attendance).",
    args=(),
)
async def here(ctx: CommandContext, args: ParsedArgs) -> Reply:
    _, occ = await meeting_here(ctx)
    entry = Entry(occ.key, ctx.now, EntryKind.HERE, ctx.member.agency, ctx.sender)
    await meetings.add_entry(ctx.session, entry)
    ctx.audit_ref = occ.key
    return Reply(f"{ctx.member.agency} attends {occ.key}.")


@command(
    "regrets",
    roles=STAFF_ROLES,
    help="In a meeting's thread: an agency sends its regrets, optionally saying what it sent "
    "instead (a written update, say).",
    args=(Word("agency"), Rest("sent")),
)
async def regrets(ctx: CommandContext, args: ParsedArgs) -> Reply:
    _, occ = await meeting_here(ctx)
    agency = args.req("agency").upper()
    if ctx.config.agency(agency) is None:
        raise UserError(
            f"There is no agency {agency[:24]} (known: {', '.join(ctx.config.agency_codes)})."
        )
    sent = free_text(ctx, args.req("sent"), "note") if args.get("sent") else None
    await meetings.add_entry(ctx.session, Entry(occ.key, ctx.now, EntryKind.REGRETS, agency,
                                                ctx.sender, sent))  # fmt: skip
    ctx.audit_ref = occ.key
    return Reply(f"{agency} sends regrets for {occ.key}" + (f" (sent: {sent})." if sent else "."))
