"""!referral R-… [status] [--reason code] [note…]: a referral's whole history, or its next
status: received, accepted, waitlisted, declined, completed by the receiving agency;
cancelled by the referring one (before acceptance). The other side is told."""

from __future__ import annotations

from commands.kernel.content import bulleted
from commands.kernel.framework import (
    CommandContext,
    Option,
    ParsedArgs,
    Reply,
    Rest,
    Word,
    command,
)
from commands.kernel.privacy import free_text
from commands.referrals.episode import service_dates
from commands.referrals.messages import local, person_dm
from protocols.errors import PermissionDenied, UserError
from protocols.paging.escalation import contact_chain
from protocols.referrals.episode import EPISODE
from protocols.referrals.lifecycle import (
    Reason,
    Referral,
    Side,
    Status,
    change,
    moved,
    parse_referral_id,
)
from protocols.roles import ALL_ROLES
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import referrals, timeline


@command(
    "referral",
    roles=ALL_ROLES,
    help="Show a referral and its history, or set its status: received, accepted, "
    "waitlisted --reason …, declined --reason …, completed (the receiving agency), or "
    "cancelled (the referring agency, before it is accepted); 'started DATE' and 'closed "
    "DATE' record the service episode (the receiving agency). Reasons: "
    + ", ".join(r.value for r in Reason)
    + ".",
    args=(
        Word("ref", shown="R-…"),
        Word("status", optional=True),
        Option("reason", "CODE"),
        Rest("note"),
    ),
    contacts_allowed=True,
)
async def referral(ctx: CommandContext, args: ParsedArgs) -> Reply:
    ref = parse_referral_id(args.req("ref"))
    found = await referrals.get(ctx.session, ref)
    if found is None:
        raise UserError(f"There is no referral {ref}.")
    ctx.audit_ref = ref
    if args.get("status") is None:
        return await _history(ctx, found)
    if args.req("status").lower() in EPISODE:
        return await service_dates(ctx, found, args.req("status").lower(), args.get("note"))
    codes = ctx.config.codes
    sent = frozenset({Status.SENT.value})
    new = Status(codes.check("referral_status", args.req("status"), "referral status", sent))
    given = args.get("reason")
    reason = Reason(codes.check("decline_reason", given, "--reason")) if given else None
    note = free_text(ctx, args.req("note"), "note") if args.get("note") else None
    side = _side(ctx, found)
    updated = moved(found, change(ref, found.status, new, side, reason), reason, ctx.now)
    await referrals.save(ctx.session, updated)
    said = f"{new.value}" + (f" ({reason.value})" if reason else "") + (f": {note}" if note else "")
    who = ctx.member.agency
    await timeline.append(
        ctx.session, TimelineEntry(ref, ctx.now, EntryKind.REFERRAL, said, who, ctx.sender)
    )
    # The other side hears of it.
    if side is Side.RECEIVER:
        ctx.outgoing.append(person_dm(ref, found.from_user, new.value, f"{said} by {who}."))
    else:
        contact = contact_chain(found.receiver, ctx.now, found.timezone)[0].user_id
        ctx.outgoing.append(person_dm(ref, contact, new.value, f"{said} by {who}."))
    ctx.touched_events.add(ref)
    return Reply(f"{ref} is now {said}.")


async def _history(ctx: CommandContext, r: Referral) -> Reply:
    if ctx.member.agency not in (r.from_agency, r.to_agency):
        raise PermissionDenied(f"{r.id} is between {r.from_agency} and {r.to_agency}.")
    entries = await timeline.for_event(ctx.session, r.id)
    lines = [f"{local(ctx.config, r.to_agency, e.at)}: {e.text}" for e in entries]
    due = local(ctx.config, r.to_agency, r.due)
    head = (
        f"{r.id} from {r.from_agency} to {r.to}: {r.status.value}; {r.urgency.value}, "
        f"{r.pathway.value}; feedback due by {due}."
        + (f" Service started {r.service_started.isoformat()}." if r.service_started else "")
        + (f" Closed {r.service_closed.isoformat()}." if r.service_closed else "")
        + f" Purpose: {r.purpose}"
    )
    return bulleted(head, lines)


def _side(ctx: CommandContext, r: Referral) -> Side:
    if ctx.member.agency == r.to_agency:
        return Side.RECEIVER
    if ctx.member.agency == r.from_agency:
        return Side.REFERRER
    raise PermissionDenied(
        f"{r.id} is between {r.from_agency} and {r.to_agency}; you are with {ctx.member.agency}."
    )
