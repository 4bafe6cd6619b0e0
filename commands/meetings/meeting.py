"""!meeting schedule|list|skip|cancel: regular meeting series (the seed's meeting types), as
RFC 5545 recurrences on the coalition's wall clock, each occurrence a durable row."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from zoneinfo import ZoneInfo

from commands.kernel.content import bulleted
from commands.kernel.framework import (
    CommandContext,
    Option,
    ParsedArgs,
    Reply,
    Rest,
    Sub,
    Word,
    command,
)
from commands.kernel.privacy import free_text
from commands.meetings.schedule import materialize, room_for
from protocols.durations import format_duration
from protocols.errors import PermissionDenied, UserError
from protocols.meetings.recurrence import parse_when, rule_for
from protocols.meetings.series import (
    MeetingKind,
    OccurrenceState,
    Series,
    parse_series_id,
)
from protocols.meetings.snapshot import snapshot_of
from protocols.roles import ALL_ROLES, SUPERVISORY_ROLES
from storage.repositories import meetings

KINDS = "|".join(k.value for k in MeetingKind)
SUBCOMMANDS = (
    Sub("schedule", (
        Word("kind", shown=KINDS), Option("every", "RULE"), Option("until", "DATE"),
        Option("chair", "@user"), Option("room", "ROOM"), Option("note-taker", "AGENCY"),
        Rest("title", optional=False, shown="title… YYYY-MM-DD HH:MM"),
    )),
    Sub("list"),
    Sub("skip", (Word("series", shown="M-n"), Word("date", shown="YYYY-MM-DD"))),
    Sub("cancel", (Word("series", shown="M-n"),)),
)  # fmt: skip
_WHEN_AT_END = re.compile(r"^(.*\S)\s+(\d{4}-\d{2}-\d{2}[ T]\d{1,2}:\d{2}(?::\d{2})?)$")


@command(
    "meeting",
    roles=ALL_ROLES,
    help="Regular meetings. 'schedule <type> <title…> <YYYY-MM-DD HH:MM>' with --every "
    "weekly|biweekly|monthly|quarterly or an RRULE, --until DATE, --chair @user, --room, "
    "--note-taker AGENCY (else a rotation); 'list'; 'skip M-n DATE'; 'cancel M-n'.",
    subcommands=(
        Sub(
            "schedule",
            (
                Word("kind", shown=KINDS),
                Option("every", "RULE"),
                Option("until", "DATE"),
                Option("chair", "@user"),
                Option("room", "ROOM"),
                Option("note-taker", "AGENCY"),
                Rest("title", optional=False, shown="title… YYYY-MM-DD HH:MM"),
            ),
        ),
        Sub("list"),
        Sub("skip", (Word("series", shown="M-n"), Word("date", shown="YYYY-MM-DD"))),
        Sub("cancel", (Word("series", shown="M-n"),)),
    ),
)
async def meeting(ctx: CommandContext, args: ParsedArgs) -> Reply:
    sub = args.req("sub")
    if sub == "list":
        return await _list(ctx)
    if ctx.member.role not in SUPERVISORY_ROLES:
        raise PermissionDenied(
            "Meetings are scheduled by supervisors, leadership and coordinators."
        )
    if sub == "schedule":
        return await _schedule(ctx, args)
    series = await _series(ctx, args.req("series"))
    if sub == "cancel":
        await meetings.cancel_series(ctx.session, series.id, ctx.now)
        ctx.touched_events.add(series.label)
        return Reply(f"{series.label} {series.title} is cancelled: no more agendas or reminders.")
    return await _skip(ctx, series, args.req("date"))


async def _schedule(ctx: CommandContext, args: ParsedArgs) -> Reply:
    try:
        kind = MeetingKind(args.req("kind").lower())
    except ValueError:
        raise UserError(f"The meeting type is one of {KINDS}.") from None
    m = _WHEN_AT_END.match(args.req("title").strip())
    if m is None:
        raise UserError("End the title with when it starts: … 2026-12-08 10:00.")
    tz = ctx.config.coalition.timezone
    start = parse_when(m[2], tz)
    if start.astimezone(ctx.now.tzinfo) <= ctx.now:
        raise UserError("The first meeting must be in the future.")
    title = free_text(ctx, m[1], "title")
    rule = rule_for(args.req("every"), start) if args.get("every") else None
    until = _until(args.get("until"), start.date())
    chair = args.get("chair") or ctx.sender
    if ctx.config.member(chair) is None:
        raise UserError(f"The chair must be on the roster; {chair[:64]} is not.")
    fixed = args.get("note-taker")
    if fixed and ctx.config.agency(fixed.upper()) is None:
        raise UserError(
            f"There is no agency {fixed[:24]} (known: {', '.join(ctx.config.agency_codes)})."
        )
    series = await meetings.add_series(ctx.session, Series(
        0, kind, title, start, rule, until, chair, room_for(ctx, args.get("room")),
        fixed.upper() if fixed else None, ctx.sender, ctx.now, snapshot_of(ctx.config),
    ))  # fmt: skip
    made = await materialize(ctx.session, series, ctx.now)
    ctx.touched_events.add(series.label)
    ctx.audit_ref = series.label
    local = start.strftime("%a %d %b %Y %H:%M")
    every = f", {args.req('every').lower() if args.get('every') else 'once'}"
    return Reply(
        f"{series.label} scheduled: {title} ({kind.value}{every}), first {local} {tz}; "
        f"{len(made)} occurrence(s) planned. The agenda is posted "
        f"{format_duration(ctx.config.meetings.agenda_before)} before each; note-taker: "
        f"{series.note_taker or 'a rotation across the attending agencies'}."
    )


def _until(text: str | None, first: date) -> date | None:
    if text is None:
        return None
    try:
        until = date.fromisoformat(text)
    except ValueError:
        raise UserError(f"--until is a date, YYYY-MM-DD, not '{text[:16]}'.") from None
    if until < first:
        raise UserError("--until is before the first meeting.")
    return until


async def _series(ctx: CommandContext, text: str) -> Series:
    series = await meetings.get_series(ctx.session, parse_series_id(text))
    if series is None or series.cancelled_at is not None:
        raise UserError(f"There is no scheduled meeting series {text.upper()[:16]}.")
    return series


async def _skip(ctx: CommandContext, series: Series, day_text: str) -> Reply:
    zone = ZoneInfo(str(series.start.tzinfo))
    found = [o for o in await meetings.occurrences_of(ctx.session, series.id)
             if o.starts_at.astimezone(zone).date().isoformat() == day_text]  # fmt: skip
    if not found or found[0].state is not OccurrenceState.SCHEDULED:
        raise UserError(f"{series.label} has no scheduled meeting on {day_text[:16]}.")
    await meetings.put_occurrence(
        ctx.session, dataclasses.replace(found[0], state=OccurrenceState.SKIPPED)
    )
    ctx.touched_events.add(series.label)
    return Reply(f"{series.label} on {day_text} is skipped: no agenda, no minutes.")


async def _list(ctx: CommandContext) -> Reply:
    lines = []
    for s in await meetings.active_series(ctx.session):
        zone = ZoneInfo(str(s.start.tzinfo))
        coming = [o for o in await meetings.occurrences_of(ctx.session, s.id)
                  if o.starts_at > ctx.now and o.state is OccurrenceState.SCHEDULED]  # fmt: skip
        nxt = coming[0].starts_at.astimezone(zone).strftime("%a %d %b %H:%M") if coming else "none"
        lines.append(f"{s.label} {s.title} ({s.kind.value}): next {nxt}")
    if not lines:
        return Reply("No meeting series scheduled.")
    return bulleted(f"Meeting series ({ctx.config.coalition.timezone})", lines)
