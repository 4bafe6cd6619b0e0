"""!aar [CE-…] add|improve|close: the after-action review of a closed event."""

from __future__ import annotations

import dataclasses

from commands.huddle.items import improvement_line, resolve_owner
from commands.kernel.framework import (
    CommandContext,
    Due,
    EventRef,
    Option,
    ParsedArgs,
    Reply,
    Rest,
    Sub,
    Word,
    command,
)
from commands.kernel.lookup import event_in, require_lead_or_coordinator
from commands.kernel.privacy import free_text
from commands.kernel.render import B, Block, bullets, doc, para
from commands.paging.messages import thread_notice
from protocols.due import parse_due
from protocols.errors import UserError
from protocols.huddle.actions import Improvement, ItemKind, new_item
from protocols.paging.crisis import CrisisEvent, EventState
from protocols.review.aar import HEADINGS, AarNote, Review, parse_kind
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import items, reviews, timeline

KINDS = "|".join(k.value for k in Improvement)
SUBCOMMANDS = (
    Sub("add", (Word("kind", shown="worked|barrier|timing|gap"), Rest("text", optional=False))),
    Sub(
        "improve",
        (Word("agency"), Due(), Rest("text", optional=False), Option("type", KINDS)),
    ),
    Sub("close"),
    Sub(""),
)


@command(
    "aar",
    roles=STAFF_ROLES | {Role.ADMIN},
    help="The after-action review of a closed event: add what worked, barriers, timing "
    "challenges or data gaps; add improvement items (a protocol update, a training need, a "
    "resource) owned by an agency and reminded like action items; close the review. Alone: "
    "the review so far.",
    args=(EventRef(),),
    subcommands=SUBCOMMANDS,
)
async def aar(ctx: CommandContext, args: ParsedArgs) -> Reply:
    event = await event_in(ctx, args.get("event"), "aar", frozenset({EventState.CLOSED}))
    review = await reviews.get(ctx.session, event.id)
    if review is None:
        raise UserError(f"{event.id} has no after-action review.")
    verb = args.get("sub")
    if not verb:
        return await review_record(ctx, event)
    if review.closed_at is not None:
        raise UserError(f"The after-action review of {event.id} is closed.")
    ctx.audit_ref = event.id
    ctx.touched_events.add(event.id)
    if verb == "add":
        return await _add(ctx, event, args)
    if verb == "improve":
        return await _improve(ctx, event, args)
    return await _close(ctx, event, review)


async def _add(ctx: CommandContext, event: CrisisEvent, args: ParsedArgs) -> Reply:
    kind = parse_kind(args.req("kind"))
    text = free_text(ctx, args.req("text"), "review note")
    await reviews.add_note(
        ctx.session, AarNote(event.id, kind, text, ctx.sender, ctx.member.agency, ctx.now)
    )
    await _log(
        ctx,
        event,
        f"Review, {HEADINGS[kind].lower()}: {text} ({event.snapshot.name_of(ctx.sender)})",
    )
    return Reply(f"Added to {event.id}'s review under {HEADINGS[kind]}.")


async def _improve(ctx: CommandContext, event: CrisisEvent, args: ParsedArgs) -> Reply:
    category = None
    if kind_text := args.get("type"):
        try:
            category = Improvement(kind_text.lower()).value
        except ValueError:
            raise UserError(f"--type is one of {KINDS.replace('|', ', ')}.") from None
    owner = resolve_owner(ctx.config, event, args.req("agency"))
    if owner.user is not None:
        raise UserError("An improvement item is owned by an agency; give its code.")
    due = parse_due(args.req("due"), ctx.now, event.snapshot.timezone)
    text = free_text(ctx, args.req("text"), "improvement item")
    number = await items.next_number(ctx.session, event.id, ItemKind.IMPROVEMENT)
    item = new_item(event.id, ItemKind.IMPROVEMENT, number, owner, text, due, ctx.sender, ctx.now)
    item = dataclasses.replace(item, category=category)
    await items.save(ctx.session, item)
    line = improvement_line(item, ctx.now, event.snapshot.timezone)
    await _log(ctx, event, f"Improvement {line}")
    return Reply(f"{event.id} improvement {line}", mentions=owner.notify)


async def _close(ctx: CommandContext, event: CrisisEvent, review: Review) -> Reply:
    require_lead_or_coordinator(ctx, event, "Closing the review")
    await reviews.save(
        ctx.session, dataclasses.replace(review, closed_at=ctx.now, closed_by=ctx.sender)
    )
    await _log(ctx, event, f"After-action review closed by {event.snapshot.name_of(ctx.sender)}")
    record = await review_record(ctx, event, closed=True)
    ctx.outgoing.append(thread_notice(event, "review-closed", record))
    return Reply(f"The after-action review of {event.id} is closed; its record is posted.")


async def _log(ctx: CommandContext, event: CrisisEvent, text: str) -> None:
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, ctx.now, EntryKind.REVIEW, text, ctx.member.agency, ctx.sender),
    )


async def review_record(ctx: CommandContext, event: CrisisEvent, closed: bool = False) -> Reply:
    """The review so far: each section of the template with what was added, and the
    improvement items with their state."""
    notes = await reviews.notes(ctx.session, event.id)
    found = [
        i for i in await items.for_event(ctx.session, event.id) if i.kind is ItemKind.IMPROVEMENT
    ]
    tz = event.snapshot.timezone
    sections = [
        (heading, [f"{n.text} ({n.agency})" for n in notes if n.kind is kind])
        for kind, heading in HEADINGS.items()
    ]
    sections.append(("Improvement items", [improvement_line(i, ctx.now, tz) for i in found]))
    head = f"After-action review of {event.id}" + (" (closed)" if closed else "")
    blocks: list[Block] = [para(B(head))]
    for heading, entries in sections:
        blocks += [para(f"{heading}:"), bullets(entries or ["none"], marker="- ")]
    return doc(*blocks)
