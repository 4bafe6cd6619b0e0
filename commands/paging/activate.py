"""!activate <protocol> <criterion> [--case REF] [note…]: start a crisis coordination event."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

from commands.kernel.content import notice, person
from commands.kernel.framework import (
    CommandContext,
    Option,
    ParsedArgs,
    Reply,
    Rest,
    Word,
    command,
)
from commands.kernel.privacy import case_reference, free_text
from commands.kernel.render import B, C, Line, bullets, doc, para
from commands.paging import messages, sequence
from protocols.config.schema import Criterion, Protocol
from protocols.errors import PermissionDenied, UserError
from protocols.huddle.checkins import Checkin
from protocols.outbox import OutgoingMessage
from protocols.paging.crisis import CrisisEvent, EventState, select_lead, take_snapshot
from protocols.paging.escalation import plan_steps
from protocols.roles import STAFF_ROLES, Role, describe_roles
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import checkins, crisis, timeline


def _protocols_list(ctx: CommandContext) -> str:
    return "; ".join(f"{p.id} ({p.title})" for p in ctx.config.protocols) or "none configured"


def _sequence_text(protocol: Protocol, lead: str) -> str:
    parts = [f"{lead} (lead, now)"]
    for step in protocol.sequence:
        if step.agency == lead:
            continue
        when = (
            "after the previous acknowledges" if step.after == "previous_ack" else "at activation"
        )
        if step.offset:
            when += f" +{int(step.offset.total_seconds())}s"
        parts.append(f"{step.agency} ({when})")
    return " → ".join(parts)


@command(
    "activate",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="Activate a crisis protocol: opens the huddle thread and pages the lead agency, "
    "then the partners in the agreed order.",
    args=(Word("protocol"), Word("criterion"), Option("case", "REF"), Rest("note")),
)
async def activate(ctx: CommandContext, args: ParsedArgs) -> Reply:
    protocol, criterion = _protocol_and_criterion(ctx, args.req("protocol"), args.req("criterion"))
    case_ref = case_reference(ctx, args.req("case")) if args.get("case") else None
    note = free_text(ctx, args.req("note"), "note") if args.get("note") else None
    room_id = ctx.services["room_ids"].get(protocol.communication.room)
    if room_id is None:
        raise UserError(
            f"The huddle room {protocol.communication.room} of {protocol.id} is not available "
            "to MACT yet (invite the bot there first)."
        )
    return await _start(ctx, protocol, criterion, case_ref, note, room_id)


async def _record_start(ctx: CommandContext, event: CrisisEvent, protocol: Protocol) -> None:
    """The first check-in, by the protocol's cadence (!checkin moves it), and the timeline's
    first entry."""
    now = ctx.now
    await checkins.save(ctx.session, Checkin(event.id, 1, now + protocol.checkin.cadence, None))
    by = event.snapshot.name_of(ctx.sender)
    text = (
        f"Activated by {by} ({ctx.member.agency}): protocol {protocol.id} "
        f"v{protocol.version}, criterion {event.criterion}; lead agency {event.lead_agency}"
    )
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, now, EntryKind.ACTIVATED, text, ctx.member.agency, ctx.sender),
    )


def _protocol_and_criterion(
    ctx: CommandContext, protocol_code: str, criterion_code: str
) -> tuple[Protocol, Criterion]:
    """Raises UserError listing the valid ones, or PermissionDenied for the sender's role."""
    protocol = ctx.config.protocol(protocol_code)
    if protocol is None:
        raise UserError(
            f"Unknown protocol '{protocol_code[:40]}'. Protocols: {_protocols_list(ctx)}"
        )
    criterion = protocol.criterion(criterion_code)
    if criterion is None:
        valid = "; ".join(f"{c.code} ({c.description})" for c in protocol.criteria)
        raise UserError(
            f"'{criterion_code[:40]}' is not an activation criterion of {protocol.id}. "
            f"Criteria: {valid}"
        )
    role = ctx.member.role
    if role is None or role not in protocol.may_activate:
        raise PermissionDenied(
            f"Activating {protocol.id} needs the "
            f"{describe_roles(frozenset(protocol.may_activate))} role; you are "
            f"{ctx.member.describe()}."
        )
    return protocol, criterion


async def _start(
    ctx: CommandContext,
    protocol: Protocol,
    criterion: Criterion,
    case_ref: str | None,
    note: str | None,
    room_id: str,
) -> Reply:
    """The event's row, first check-in and timeline entry, its first pages and the
    activation notice (the huddle thread's root)."""
    now = ctx.now
    year = now.astimezone(ZoneInfo(ctx.config.coalition.timezone)).year
    event_id, seq = await crisis.next_event_id(ctx.session, year)
    lead = select_lead(protocol, criterion.code)
    event = CrisisEvent(
        id=event_id,
        snapshot=take_snapshot(ctx.config, protocol),
        criterion=criterion.code,
        case_ref=case_ref,
        note=note,
        lead_agency=lead,
        activated_by=ctx.sender,
        activated_at=now,
        room_id=room_id,
        root_event_id=None,
        state=EventState.ACTIVE,
    )
    await crisis.insert_event(ctx.session, event, year, seq)
    await _record_start(ctx, event, protocol)
    # The lead is paged now, not after the activation notice: the page goes first (someone
    # is waiting for it), the notice a moment later, and an edit then links the page to
    # the notice's thread.
    pages, _ = await sequence.run(ctx.session, event, now, planned=plan_steps(protocol, lead, now))
    root = _activation_notice(ctx, event, protocol)
    lead_page = next((m for m in pages if m.to_user), None)
    if lead_page is not None:
        # The notice waits in the lead page's lane: sent together they would only slow each
        # other down at the homeserver, and the lead's page matters most.
        root = dataclasses.replace(root, lane=f"dm:{lead_page.to_user}")
    ctx.outgoing += [*pages, root]
    ctx.touched_events.add(event_id)
    ctx.audit_ref = event_id
    # The activation notice is paging's critical path (it roots the huddle thread); in its
    # own room it is the answer, and a second message would only compete with it.
    return doc(
        para(
            B(event_id), " activated. The huddle thread is open in the coordination room; ",
            "paging ", B(lead), " now.",
        ),
        silent=room_id == ctx.room_id,
    )  # fmt: skip


def _activation_notice(
    ctx: CommandContext, event: CrisisEvent, protocol: Protocol
) -> OutgoingMessage:
    """The huddle thread's root: what was activated, by whom, who leads, who is paged."""
    crit = protocol.criterion(event.criterion)
    assert crit is not None
    lead = ctx.config.agency(event.lead_agency)
    lead_name = lead.name if lead else event.lead_agency
    order = _sequence_text(protocol, event.lead_agency)
    facts: list[Line] = [
        ["Protocol: ", C(protocol.id), f" v{protocol.version} ({protocol.title})"],
        ["Criterion: ", B(crit.code), f" ({crit.description})"],
        ["Lead agency: ", B(event.lead_agency), f" ({lead_name})"],
        ["Activated by ", person(event.snapshot.names, ctx.sender), f" ({ctx.member.agency})"],
    ]
    if event.case_ref:
        facts.append(["Case reference: ", C(event.case_ref)])
    if event.note:
        facts.append([f"Note: {event.note}"])
    facts.append([f"Notification sequence: {order}"])
    if protocol.communication.also:
        facts.append([f"Also: {protocol.communication.also}"])
    p = event.snapshot.prefix
    footer = (
        f"This thread is the huddle. Here: {p}ack, {p}status, {p}action <owner> <due> <text>, "
        f"{p}actions, {p}checkin <when>, {p}decision <text> --why <rationale>, {p}note <text>, "
        f"{p}summary, {p}close <outcome> [note], {p}lead <agency> <reason>, "
        f"{p}cancel {event.id} <reason>."
    )
    reply = doc(
        para("🚨 ", B(f"Crisis coordination event {event.id} activated")),
        bullets(facts),
        para(footer),
    )
    return OutgoingMessage(
        txn_id=messages.root_txn_id(event.id),
        room_id=event.room_id,
        event_type="m.room.message",
        content=notice(reply),
        ref=f"root:{event.id}",
    )
