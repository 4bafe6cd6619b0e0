"""!checkin [CE-…] [<when>|done]: set the next check-in, record one, or show the next."""

from __future__ import annotations

from commands.huddle.messages import checkin_state
from commands.kernel.framework import (
    CommandContext,
    Due,
    EventRef,
    ParsedArgs,
    Reply,
    command,
)
from commands.kernel.lookup import event_in
from protocols.due import describe_due, parse_due
from protocols.huddle.checkins import hold, reschedule
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import checkins, timeline


@command(
    "checkin",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Move the next check-in (30m, 15:00, tomorrow 09:00…), or record the check-in as "
    "held with 'done' (the next is then a cadence from now). Alone: the check-in waiting for "
    "updates and the next one.",
    args=(EventRef(), Due("when", optional=True, shown="when|done")),
)
async def checkin(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await event_in(ctx, args.get("event"), "checkin")
    when = args.get("when")
    tz = event.snapshot.timezone
    found = await checkins.for_event(ctx.session, event.id)
    if not when:
        return Reply(f"{event.id}: " + " ".join(checkin_state(found, ctx.now, tz, ctx.prefix)))
    if when.lower() == "done":
        held, nxt = hold(found, event.id, ctx.sender, ctx.now, event.protocol.checkin.cadence)
        await checkins.save(ctx.session, held)
        await checkins.save(ctx.session, nxt)
        by = event.snapshot.name_of(ctx.sender)
        text = (
            f"Check-in #{held.number} held, recorded by {by}. Next check-in "
            f"#{nxt.number} {describe_due(nxt.due, ctx.now, tz)}."
        )
    else:
        nxt = reschedule(found, event.id, parse_due(when, ctx.now, tz), ctx.sender)
        await checkins.save(ctx.session, nxt)
        text = (
            f"Next check-in #{nxt.number} {describe_due(nxt.due, ctx.now, tz)}, "
            f"set by {event.snapshot.name_of(ctx.sender)}."
        )
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, ctx.now, EntryKind.CHECKIN, text, ctx.member.agency, ctx.sender),
    )
    ctx.touched_events.add(event.id)
    ctx.audit_ref = event.id
    return Reply(f"{event.id}: {text}")
