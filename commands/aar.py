"""!aar [CE-…] add|improve|close: the after-action review of a closed event."""

from __future__ import annotations

import dataclasses

from protocols.aar import HEADINGS, AarNote, parse_kind
from protocols.actions import ItemKind, new_item
from protocols.crisis import CrisisEvent, EventState
from protocols.due import describe_due, parse_due, take_due
from protocols.errors import PermissionDenied, UserError
from protocols.privacy import check_free_text
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import items, reviews, timeline

from .crisis_flow import thread_notice
from .event_lookup import event_and_text, usage
from .framework import CommandContext, ParsedArgs, Reply, Rest, command, esc
from .huddle_flow import resolve_owner

USAGE_ARGS = (
    "[CE-…] add <worked|barrier|timing|gap> <text…> | improve <agency> <due> <text…> | close"
)


@command(
    "aar",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="The after-action review of a closed event: add what worked, barriers, timing "
    "challenges or data gaps; add improvement items owned by an agency (reminded like action "
    "items); close the review. Alone: the review so far.",
    args=(Rest("args"),),
    usage_args=USAGE_ARGS,
)
async def aar(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event, body = await event_and_text(
        ctx, args.get("args") or "", "aar", states=frozenset({EventState.CLOSED}), need_text=False
    )
    review = await reviews.get(ctx.session, event.id)
    if review is None:
        raise UserError(f"{event.id} has no after-action review.")
    verb, _, rest = body.partition(" ")
    verb = verb.lower()
    if not verb:
        return await _show(ctx, event)
    if review.closed_at is not None:
        raise UserError(f"The after-action review of {event.id} is closed.")
    ctx.audit_ref = event.id
    ctx.touched_events.add(event.id)
    if verb == "add":
        kind_text, _, text = rest.strip().partition(" ")
        if not text.strip():
            raise UserError(usage(ctx, "aar"))
        kind = parse_kind(kind_text)
        text = check_free_text(text.strip(), "review note")
        note = AarNote(event.id, kind, text, ctx.sender, ctx.member.agency, ctx.now)
        await reviews.add_note(ctx.session, note)
        await _log(ctx, event, f"Review, {HEADINGS[kind].lower()}: {text} ({ctx.sender})")
        return Reply(f"Added to {event.id}'s review under {HEADINGS[kind]}.")
    if verb == "improve":
        owner_text, _, after = rest.strip().partition(" ")
        due_text, text = take_due(after)
        if not text:
            raise UserError(usage(ctx, "aar"))
        owner = resolve_owner(ctx.config, event, owner_text)
        if owner.user is not None:
            raise UserError("An improvement item is owned by an agency; give its code.")
        due = parse_due(due_text, ctx.now, event.snapshot.timezone)
        text = check_free_text(text, "improvement item")
        number = await items.next_number(ctx.session, event.id, ItemKind.IMPROVEMENT)
        item = new_item(
            event.id, ItemKind.IMPROVEMENT, number, owner, text, due, ctx.sender, ctx.now
        )
        await items.save(ctx.session, item)
        when = describe_due(due, ctx.now, event.snapshot.timezone)
        line = f"{item.label} for {owner.agency}, due {when}: {item.text}"
        await _log(ctx, event, f"Improvement {line}")
        return Reply(f"{event.id} improvement {line}")
    if verb == "close":
        if rest.strip():
            raise UserError(usage(ctx, "aar"))
        if ctx.member.role not in (Role.COORDINATOR, Role.ADMIN) and (
            ctx.member.agency != event.lead_agency
        ):
            raise PermissionDenied(
                f"Closing the review needs the lead agency ({event.lead_agency}) or the "
                f"coordinator role; you are {ctx.member.describe()}."
            )
        await reviews.save(
            ctx.session, dataclasses.replace(review, closed_at=ctx.now, closed_by=ctx.sender)
        )
        await _log(ctx, event, f"After-action review closed by {ctx.sender}")
        record = await _show(ctx, event, closed=True)
        ctx.outgoing.append(thread_notice(event, "review-closed", record))
        return Reply(f"The after-action review of {event.id} is closed; its record is posted.")
    raise UserError(usage(ctx, "aar"))


async def _log(ctx: CommandContext, event: CrisisEvent, text: str) -> None:
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, ctx.now, EntryKind.REVIEW, text, ctx.member.agency, ctx.sender),
    )


async def _show(ctx: CommandContext, event: CrisisEvent, closed: bool = False) -> Reply:
    notes = await reviews.notes(ctx.session, event.id)
    improvements = [
        i for i in await items.for_event(ctx.session, event.id) if i.kind is ItemKind.IMPROVEMENT
    ]
    head = f"After-action review of {event.id}" + (" (closed)" if closed else "")
    lines = [head]
    html = [f"<p><b>{esc(head)}</b></p>"]
    for kind, heading in HEADINGS.items():
        mine = [n for n in notes if n.kind is kind]
        lines.append(f"{heading}:")
        lines += [f"- {n.text} ({n.agency})" for n in mine] or ["- none"]
        html.append(f"<p>{esc(heading)}:</p><ul>")
        html += [f"<li>{esc(n.text)} ({esc(n.agency)})</li>" for n in mine] or ["<li>none</li>"]
        html.append("</ul>")
    tz = event.snapshot.timezone
    improved = [
        f"{i.label} {i.owner.agency}: {i.text}; "
        + (describe_due(i.due, ctx.now, tz) if i.resolved_at is None else i.state.value)
        for i in improvements
    ]
    lines.append("Improvement items:")
    lines += [f"- {x}" for x in improved] or ["- none"]
    html.append("<p>Improvement items:</p><ul>")
    html += [f"<li>{esc(x)}</li>" for x in improved] or ["<li>none</li>"]
    html.append("</ul>")
    return Reply("\n".join(lines), "".join(html))
