"""!lead <agency> <reason…>: shift the coordination lead (the seed: "when that lead may shift")."""

from __future__ import annotations

import dataclasses

from commands.kernel.framework import CommandContext, Option, ParsedArgs, Reply, Rest, Word, command
from commands.kernel.lookup import resolve_event
from commands.kernel.privacy import free_text
from commands.paging import sequence
from commands.paging.messages import echo_to_thread
from protocols import permissions
from protocols.errors import PermissionDenied, UserError
from protocols.paging.answers import expedite
from protocols.paging.crisis import EventState
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import crisis, timeline


@command(
    "lead",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Shift the coordination lead of an event to another agency in its sequence, with "
    "the reason. Lead agency supervisors, coordinators and admins.",
    args=(Word("agency"), Option("event", "CE-…"), Rest("reason", optional=False)),
)
async def lead(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await resolve_event(ctx, args.get("event"), "lead")
    if event.state is not EventState.ACTIVE:
        raise UserError(f"{event.id} is {event.state.value}; its lead can no longer change.")
    if (refusal := permissions.shift_lead(ctx.member, event)) is not None:
        raise PermissionDenied(refusal)
    new_lead = args.req("agency").upper()
    codes = [a.code for a in event.snapshot.agencies]
    if new_lead not in codes:
        raise UserError(
            f"{new_lead[:32]} is not in {event.id}'s notification sequence: {', '.join(codes)}"
        )
    if new_lead == event.lead_agency:
        raise UserError(f"{new_lead} already leads {event.id}.")
    reason = free_text(ctx, args.req("reason"), "reason")
    old = event.lead_agency
    await crisis.set_lead(ctx.session, event.id, new_lead)
    # A new lead still waiting for its turn in the sequence is paged now: it leads.
    steps, _ = await crisis.steps_and_pages(ctx.session, event.id)
    led = dataclasses.replace(event, lead_agency=new_lead)
    await sequence.apply_for_command(ctx, led, expedite(steps, new_lead, ctx.now))
    text = (
        f"Lead shifted from {old} to {new_lead} by {event.snapshot.name_of(ctx.sender)}: {reason}"
    )
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, ctx.now, EntryKind.LEAD_CHANGED, text, new_lead, ctx.sender),
    )
    echo_to_thread(ctx, event, f"lead-{ctx.event_id}", Reply(text))
    ctx.audit_ref = event.id
    return Reply(f"{event.id}: {text}")
