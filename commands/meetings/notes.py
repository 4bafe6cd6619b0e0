"""!info <text> and !agreed <text>: what the minutes record in a meeting's thread: the
information shared, and decisions, which join the shared log."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, command
from commands.kernel.privacy import free_text
from commands.meetings.lookup import meeting_here
from protocols.huddle.decisions import Decision
from protocols.ids import UserId
from protocols.meetings.minutes import Entry, EntryKind, attendance
from protocols.roles import STAFF_ROLES
from storage.repositories import decisions, meetings


@command(
    "info",
    roles=STAFF_ROLES,
    help="In a meeting's thread: information or an issue for the minutes (no client details).",
    args=(Rest("text", optional=False),),
)
async def info(ctx: CommandContext, args: ParsedArgs) -> Reply:
    _, occ = await meeting_here(ctx)
    text = free_text(ctx, args.req("text"), "information")
    await meetings.add_entry(ctx.session, Entry(occ.key, ctx.now, EntryKind.INFO,
                                                ctx.member.agency, ctx.sender, text))  # fmt: skip
    ctx.audit_ref = occ.key
    return Reply(f"Noted for the minutes of {occ.key}.")


@command(
    "agreed",
    roles=STAFF_ROLES,
    help="In a meeting's thread: a decision, recorded in the minutes and the shared log with "
    "the agencies present.",
    args=(Rest("text", optional=False),),
)
async def agreed(ctx: CommandContext, args: ParsedArgs) -> Reply:
    _, occ = await meeting_here(ctx)
    text = free_text(ctx, args.req("text"), "decision")
    present, _ = attendance(await meetings.entries(ctx.session, occ.key), ctx.config.agency_codes)
    number = await decisions.next_number(ctx.session, occ.key)
    decision = Decision(occ.key, number, ctx.now, UserId(ctx.sender), ctx.member.agency, text,
                        None, tuple(present) or (ctx.member.agency,))  # fmt: skip
    await decisions.insert(ctx.session, decision)
    ctx.audit_ref = occ.key
    return Reply(f"{occ.key} {decision.label} agreed: {text}")
