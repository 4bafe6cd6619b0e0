"""!decision [CE-…] <text…> [--why <rationale…>]: record a decision of the huddle."""

from __future__ import annotations

from commands.kernel.framework import (
    CommandContext,
    EventRef,
    ParsedArgs,
    Reply,
    Rest,
    Trailing,
    command,
)
from commands.kernel.lookup import event_in
from commands.kernel.privacy import free_text
from commands.paging.messages import echo_to_thread
from protocols.huddle.decisions import Decision, present_agencies
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import crisis, decisions, timeline


@command(
    "decision",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Record a decision (who decided, their agency, the agencies present, when), with "
    "an optional rationale after --why. In the huddle thread, or name the event first.",
    args=(EventRef(), Rest("text", optional=False), Trailing("why", "rationale")),
)
async def decision(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await event_in(ctx, args.get("event"), "decision")
    text = free_text(ctx, args.req("text"), "decision")
    why = args.get("why")
    rationale = free_text(ctx, why, "rationale") if why else None
    steps, _ = await crisis.steps_and_pages(ctx.session, event.id)
    record = Decision(
        event_id=event.id,
        number=await decisions.next_number(ctx.session, event.id),
        at=ctx.now,
        by=ctx.sender,
        agency=ctx.member.agency,
        text=text,
        rationale=rationale,
        present=present_agencies(steps, ctx.member.agency),
    )
    await decisions.insert(ctx.session, record)
    by = event.snapshot.name_of(ctx.sender)
    summary = f"Decision {record.label} by {by} ({ctx.member.agency}): {text}"
    if rationale:
        summary += f" — why: {rationale}"
    await timeline.append(
        ctx.session,
        TimelineEntry(
            event.id, ctx.now, EntryKind.DECISION, summary, ctx.member.agency, ctx.sender
        ),
    )
    echo_to_thread(ctx, event, f"decision-{record.number}", Reply(summary))
    ctx.audit_ref = event.id
    return Reply(f"{event.id}: {summary}. Present: {', '.join(record.present)}.")
