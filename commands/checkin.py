"""!checkin [CE-…] [<when>|done]: set the next check-in, record one, or show the next."""

from __future__ import annotations

import dataclasses

from protocols.checkins import Checkin, CheckinState, pending
from protocols.due import describe_due, parse_due
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import checkins, timeline

from .event_lookup import event_and_text
from .framework import CommandContext, ParsedArgs, Reply, Rest, command


@command(
    "checkin",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Set the next check-in (30m, 15:00, tomorrow 09:00…), or record one as held with "
    "'done' (the next is then set by the protocol's cadence). Alone: when the next one is.",
    args=(Rest("when"),),
    usage_args="[CE-…] [<when>|done]",
)
async def checkin(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, when = await event_and_text(ctx, args.get("when") or "", "checkin", need_text=False)
    tz = event.snapshot.timezone
    held = await checkins.for_event(ctx.session, event.id)
    current = pending(held)
    number = max((c.number for c in held), default=0)
    if not when:
        if current is None:
            return Reply(f"{event.id}: no check-in set. Set one with !checkin <when>.")
        state = "waiting for updates" if current.state is CheckinState.PROMPTED else "set"
        return Reply(
            f"{event.id}: check-in #{current.number} {state}, "
            f"{describe_due(current.due, ctx.now, tz)}."
        )
    if when.lower() == "done":
        if current is not None:
            done = dataclasses.replace(
                current, state=CheckinState.HELD, held_at=ctx.now, held_by=ctx.sender
            )
        else:
            number += 1
            done = Checkin(
                event.id, number, ctx.now, ctx.sender, CheckinState.HELD, None, ctx.now, ctx.sender
            )
        await checkins.save(ctx.session, done)
        due = ctx.now + event.protocol.checkin.cadence
        nxt = Checkin(event.id, max(number, done.number) + 1, due, None)
        await checkins.save(ctx.session, nxt)
        text = (
            f"Check-in #{done.number} held, recorded by {ctx.sender}. Next check-in "
            f"#{nxt.number} {describe_due(due, ctx.now, tz)}."
        )
    else:
        due = parse_due(when, ctx.now, tz)
        if current is not None:
            await checkins.save(
                ctx.session, dataclasses.replace(current, state=CheckinState.SUPERSEDED)
            )
        nxt = Checkin(event.id, number + 1, due, ctx.sender)
        await checkins.save(ctx.session, nxt)
        text = f"Next check-in #{nxt.number} {describe_due(due, ctx.now, tz)}, set by {ctx.sender}."
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, ctx.now, EntryKind.CHECKIN, text, ctx.member.agency, ctx.sender),
    )
    ctx.touched_events.add(event.id)
    ctx.audit_ref = event.id
    return Reply(f"{event.id}: {text}")
