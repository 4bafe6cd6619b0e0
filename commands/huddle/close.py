"""!close [CE-…] <outcome> [note…]: end an event once its documentation minimum holds."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.huddle.records import closing_summaries, load_record
from commands.kernel.framework import (
    CommandContext,
    EventRef,
    ParsedArgs,
    Reply,
    Rest,
    Word,
    command,
)
from commands.kernel.lookup import event_in, require_lead_or_coordinator
from commands.kernel.privacy import free_text
from commands.paging import sequence
from protocols.errors import UserError
from protocols.huddle.decisions import present_agencies
from protocols.huddle.documentation import Record, missing_for_close
from protocols.paging.crisis import EventState
from protocols.review.aar import Review
from protocols.review.schedule import review_due
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import crisis, decisions, items, reviews, timeline


@command(
    "close",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Close the event with an outcome code (the lead agency's staff or a coordinator). "
    "Refused, with what is missing, until the protocol's documentation minimum holds. Stops "
    "all pages and reminders, posts the summary and schedules the after-action review.",
    args=(EventRef(), Word("outcome"), Rest("note")),
)
async def close(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await event_in(ctx, args.get("event"), "close")
    require_lead_or_coordinator(ctx, event, f"Closing {event.id}")
    code, rest = args.req("outcome"), args.get("note") or ""
    outcomes = event.protocol.outcomes
    if code.upper() not in outcomes:
        known = ", ".join(outcomes)
        raise UserError(
            f"'{code[:24]}' is not an outcome of {event.protocol.id}; use one of: {known}."
        )
    outcome = code.upper()
    note = free_text(ctx, rest.strip(), "outcome note") if rest.strip() else None
    steps, _ = await crisis.steps_and_pages(ctx.session, event.id)
    entries = await timeline.for_event(ctx.session, event.id)
    written = frozenset(
        e.agency for e in entries if e.agency and e.kind in (EntryKind.NOTE, EntryKind.DECISION)
    )
    missing = missing_for_close(
        event.protocol.documentation,
        await decisions.for_event(ctx.session, event.id),
        await items.for_event(ctx.session, event.id),
        note,
        ctx.prefix,
        Record(event.lead_agency, present_agencies(steps, event.lead_agency), written),
        event.snapshot.names,
    )
    if missing:
        raise UserError(
            f"{event.id} cannot close yet; missing:\n" + "\n".join(f"- {m}" for m in missing)
        )
    closed, _ = await sequence.end_event(
        ctx.session, event, ctx.now, EventState.CLOSED, note, outcome, outgoing=ctx.outgoing
    )
    lead = event.snapshot.agency(event.lead_agency)
    due = review_due(ctx.now, event.protocol, lead, event.snapshot.timezone)
    await reviews.save(ctx.session, Review(event.id, due))
    by = event.snapshot.name_of(ctx.sender)
    text = f"{event.id} closed by {by} ({ctx.member.agency}): {outcome}" + (
        f": {note}" if note else ""
    )
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, ctx.now, EntryKind.CLOSED, text, ctx.member.agency, ctx.sender),
    )
    record = await load_record(ctx.session, closed)
    ctx.outgoing += closing_summaries(record, ctx.now)
    ctx.touched_events.add(event.id)
    ctx.audit_ref = event.id
    local = due.astimezone(ZoneInfo(lead.timezone or event.snapshot.timezone))
    return Reply(
        f"{text}. Paging and reminders stopped; the summary is posted. After-action review "
        f"due {local:%a %d %b %Y %H:%M} ({lead.timezone or event.snapshot.timezone})."
    )
