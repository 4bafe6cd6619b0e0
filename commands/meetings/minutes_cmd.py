"""!minutes start|action|done|end: the minutes of the meeting whose thread this is. Action
items join the shared log and are reminded like the huddle's; the minutes are posted from
the shared template, and approved after business days without objection."""

from __future__ import annotations

import dataclasses

from commands.huddle.items import owner_of
from commands.kernel.framework import (
    CommandContext,
    Due,
    ParsedArgs,
    Reply,
    Rest,
    Sub,
    Word,
    command,
)
from commands.kernel.privacy import free_text
from commands.meetings.lookup import meeting_here, zone_of
from commands.meetings.messages import in_meeting_thread, sections_reply
from protocols.due import describe_due, parse_due
from protocols.errors import PermissionDenied, UserError
from protocols.huddle.actions import ItemKind, ItemState, new_item, parse_label
from protocols.ids import UserId
from protocols.meetings.approval import approval_due
from protocols.meetings.minutes import minutes
from protocols.meetings.series import MinutesState, Occurrence, OccurrenceState, Series
from protocols.roles import STAFF_ROLES, Role
from storage.repositories import decisions, items, meetings

SUBCOMMANDS = (
    Sub("start"),
    Sub("action", (Word("owner"), Due(), Rest("text", optional=False))),
    Sub("done", (Word("item", shown="A-n"), Rest("note"))),
    Sub("end"),
)


@command(
    "minutes",
    roles=STAFF_ROLES,
    help="In a meeting's thread: 'start' the minutes; 'action <owner> <due> <text>' adds an "
    "action item to the shared log (reminded like the huddle's); 'done A-n [note]'; 'end' "
    "posts the minutes from the shared template for the agencies to confirm.",
    subcommands=SUBCOMMANDS,
)
async def minutes_(ctx: CommandContext, args: ParsedArgs) -> Reply:
    series, occ = await meeting_here(ctx)
    ctx.audit_ref = occ.key
    ctx.touched_events.add(series.label)
    verb = args.req("sub")
    if verb == "action":
        return await _action(ctx, series, occ, args)
    if verb == "done":
        return await _done(ctx, occ, args)
    _may_lead(ctx, series, occ)
    if verb == "start":
        if occ.minutes is not MinutesState.NONE:
            raise UserError(f"The minutes of {occ.key} are {occ.minutes.value} already.")
        await meetings.put_occurrence(
            ctx.session, dataclasses.replace(occ, minutes=MinutesState.TAKING)
        )
        return Reply(
            f"Minutes of {occ.key} started (note-taker: {occ.note_taker or 'not set'}). "
            "Attendance: !here or !regrets <agency>; then !info, !agreed, !minutes action."
        )
    return await _end(ctx, series, occ)


def _may_lead(ctx: CommandContext, series: Series, occ: Occurrence) -> None:
    """Starting and ending the minutes: the note-taking agency, the chair, coordinators."""
    if ctx.member.agency == occ.note_taker or ctx.sender == series.chair:
        return
    if ctx.member.role is Role.COORDINATOR:
        return
    raise PermissionDenied(
        f"The minutes of {occ.key} are led by {occ.note_taker or 'the note-taker'} or the chair."
    )


async def _action(ctx: CommandContext, series: Series, occ: Occurrence, args: ParsedArgs) -> Reply:
    text = free_text(ctx, args.req("text"), "action item")
    coordinators = tuple(ctx.config.users_with_role(Role.COORDINATOR))
    owner = owner_of(ctx.config, coordinators, args.req("owner"))
    due = parse_due(args.req("due"), ctx.now, zone_of(series))
    number = await items.next_number(ctx.session, occ.key, ItemKind.ACTION)
    item = new_item(occ.key, ItemKind.ACTION, number, owner, text, due, ctx.sender, ctx.now)
    await items.save(ctx.session, item)
    when = describe_due(due, ctx.now, zone_of(series))
    said = f"{occ.key} {item.label} for {owner.agency}, due {when}: {text}"
    return Reply(said, None, owner.notify)


async def _done(ctx: CommandContext, occ: Occurrence, args: ParsedArgs) -> Reply:
    kind, number = parse_label(args.req("item"))
    item = await items.get(ctx.session, occ.key, kind, number)
    if item is None:
        raise UserError(f"{occ.key} has no {args.req('item').upper()[:12]}.")
    if item.state is not ItemState.OPEN:
        raise UserError(f"{occ.key} {item.label} is {item.state.value} already.")
    note = free_text(ctx, args.req("note"), "note") if args.get("note") else None
    await items.save(ctx.session, dataclasses.replace(
        item, state=ItemState.DONE, resolved_at=ctx.now, resolved_by=UserId(ctx.sender),
        resolution=note,
    ))  # fmt: skip
    return Reply(f"{occ.key} {item.label} done.")


async def _end(ctx: CommandContext, series: Series, occ: Occurrence) -> Reply:
    if occ.minutes is MinutesState.NONE:
        raise UserError(f"Start the minutes first: !minutes start (in {occ.key}'s thread).")
    if occ.minutes is MinutesState.APPROVED:
        raise UserError(f"The minutes of {occ.key} are approved already.")
    agencies = list(ctx.config.agency_codes)
    later = [o for o in await meetings.occurrences_of(ctx.session, series.id)
             if o.starts_at > occ.starts_at and o.state is OccurrenceState.SCHEDULED]  # fmt: skip
    days = ctx.config.meetings.approval_business_days
    head, sections = minutes(
        series, occ, await meetings.entries(ctx.session, occ.key),
        await decisions.for_event(ctx.session, occ.key),
        await items.for_event(ctx.session, occ.key), agencies,
        later[0].starts_at if later else None, days,
    )  # fmt: skip
    chair = ctx.config.member(series.chair) if series.chair else None
    due = approval_due(ctx.now, days, ctx.config.agency(chair.agency) if chair else None,
                       zone_of(series))  # fmt: skip
    await meetings.put_occurrence(ctx.session, dataclasses.replace(
        occ, minutes=MinutesState.CIRCULATED, minutes_posted_at=ctx.now, approval_due=due,
    ))  # fmt: skip
    ctx.outgoing.append(in_meeting_thread(
        f"minutes-{ctx.event_id}", series.room_id, occ.root_event_id,
        sections_reply(head, sections), ref=f"minutes:{occ.key}",
    ))  # fmt: skip
    return Reply(f"Minutes of {occ.key} circulated; approved after {days} business days "
                 "without objection (❌ on them objects).")  # fmt: skip
