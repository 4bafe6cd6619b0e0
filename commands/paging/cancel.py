"""!cancel CE-… <reason…>: end an event that should not run; stops every pending page."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, Word, command
from commands.kernel.lookup import resolve_event
from commands.kernel.privacy import free_text
from commands.paging import messages, sequence
from protocols import permissions
from protocols.errors import PermissionDenied, UserError
from protocols.paging.crisis import EventState
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import timeline


@command(
    "cancel",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Cancel an event (the activating person, the lead agency's supervisors, "
    "coordinators): all pending pages stop.",
    args=(Word("event", shown="CE-…"), Rest("reason", optional=False)),
)
async def cancel(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await resolve_event(ctx, args.req("event"), "cancel")
    if event.state is not EventState.ACTIVE:
        raise UserError(f"{event.id} is already {event.state.value}.")
    if (refusal := permissions.cancel_event(ctx.member, event)) is not None:
        raise PermissionDenied(refusal)
    reason = free_text(ctx, args.req("reason"), "reason")
    _, stopped = await sequence.end_event(
        ctx.session, event, ctx.now, EventState.CANCELLED, reason, outgoing=ctx.outgoing
    )
    pending = sum(1 for s in stopped if s.pending_page_id is not None)
    text = (
        f"{event.id} cancelled by {event.snapshot.name_of(ctx.sender)}: {reason}. Paging stopped "
        f"({pending} page(s) were waiting for an answer, {len(stopped)} agencies not done)."
    )
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, ctx.now, EntryKind.CANCELLED, text, None, ctx.sender),
    )
    messages.echo_to_thread(ctx, event, "cancelled", Reply(text))
    ctx.touched_events.add(event.id)
    ctx.audit_ref = event.id
    return Reply(text)
