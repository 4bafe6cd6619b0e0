"""!training schedule|list|feedback|topics|coverage: the shared cross-training calendar,
RSVPs by reaction, feedback after each session, the topics it suggests, and which agencies
have trained with which."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from commands.kernel.content import bulleted, notice
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
from commands.kernel.render import B, doc, para
from commands.meetings.schedule import room_for
from commands.training.feedback import feedback, topics
from protocols.durations import parse_duration
from protocols.errors import UserError
from protocols.meetings.recurrence import parse_when
from protocols.meetings.snapshot import snapshot_of
from protocols.outbox import OutgoingMessage
from protocols.roles import STAFF_ROLES
from protocols.training.sessions import Rsvp, Training, TrainingFormat, coverage
from storage.repositories import trainings

FORMATS = "|".join(f.value for f in TrainingFormat)
SUBCOMMANDS = (
    Sub("schedule", (Word("date", shown="YYYY-MM-DD"), Word("time", shown="HH:MM"),
                     Option("host", "AGENCY"), Option("format", FORMATS),
                     Option("length", "DURATION"), Rest("topic", optional=False))),
    Sub("list"),
    Sub("feedback", (Word("training", shown="T-n"), Word("rating", shown="1-5"),
                     Rest("rest", shown="will-apply yes|no] [topic…"))),
    Sub("topics"),
    Sub("coverage"),
)  # fmt: skip


@command(
    "training",
    roles=STAFF_ROLES,
    help="Cross-training: 'schedule DATE TIME <topic…> --host AGENCY --format "
    f"{FORMATS} [--length 2h]' (RSVP with ✅ ❌ ❔ on its announcement); 'list'; 'feedback "
    "T-n <1-5> [will-apply yes|no] [topic suggestion…]'; 'topics'; 'coverage'.",
    subcommands=SUBCOMMANDS,
)
async def training(ctx: CommandContext, args: ParsedArgs) -> Reply:
    verb = args.req("sub")
    if verb == "schedule":
        return await _schedule(ctx, args)
    if verb == "feedback":
        return await feedback(ctx, args)
    if verb == "topics":
        return await topics(ctx)
    if verb == "coverage":
        return await _coverage(ctx)
    return await _list(ctx)


async def _schedule(ctx: CommandContext, args: ParsedArgs) -> Reply:
    tz = ctx.config.coalition.timezone
    start = parse_when(f"{args.req('date')} {args.req('time')}", tz).astimezone(ctx.now.tzinfo)
    if start <= ctx.now:
        raise UserError("A training is scheduled in the future.")
    host = (args.get("host") or "").upper()
    if ctx.config.agency(host) is None:
        raise UserError(f"Say --host <{'|'.join(ctx.config.agency_codes)}>.")
    try:
        form = TrainingFormat((args.get("format") or "").lower())
    except ValueError:
        raise UserError(f"Say --format {FORMATS}.") from None
    length = _length(args.get("length"), ctx.config.training.default_length)
    topic = free_text(ctx, args.req("topic"), "topic")
    snap = snapshot_of(ctx.config)
    t = await trainings.add(ctx.session, Training(
        0, start, start + length, topic, host, form, room_for(ctx, None), ctx.sender, ctx.now,
        start - ctx.config.training.remind_before, snap,
    ))  # fmt: skip
    zone = ZoneInfo(tz)
    when = f"{start.astimezone(zone):%a %d %b %Y %H:%M}–{t.ends_at.astimezone(zone):%H:%M} {tz}"
    text = doc(para(B(f"{t.label}: cross-training, {topic}")),
               para(f"Hosted by {host} ({form.value}), {when}. RSVP for your agency on this "
                    "message: ✅ going, ❌ not, ❔ maybe."))  # fmt: skip
    ctx.outgoing.append(OutgoingMessage(f"training-{t.id}", t.room_id, "m.room.message",
                                        notice(text), ref=f"training:{t.id}"))  # fmt: skip
    ctx.touched_events.add(t.label)
    ctx.audit_ref = t.label
    return Reply(f"{t.label} scheduled: {topic}, {when}; announced for RSVPs.")


def _length(text: str | None, default: timedelta) -> timedelta:
    if text is None:
        return default
    try:
        length = parse_duration(text)
    except ValueError as err:
        raise UserError(f"--length: {err}") from None
    if not timedelta(minutes=15) <= length <= timedelta(days=1):
        raise UserError("--length is 15m to 1d.")
    return length


async def _list(ctx: CommandContext) -> Reply:
    tz = ZoneInfo(ctx.config.coalition.timezone)
    lines = []
    for t in await trainings.every(ctx.session):
        if t.cancelled_at is not None or t.ends_at < ctx.now:
            continue
        answers = await trainings.rsvps(ctx.session, t.id)
        going = ", ".join(a for a in ctx.config.agency_codes
                          if answers.get(a) is Rsvp.GOING) or "none yet"  # fmt: skip
        lines.append(f"{t.label} {t.starts_at.astimezone(tz):%a %d %b %H:%M} {t.topic} "
                     f"({t.host}, {t.format.value}); going: {going}")  # fmt: skip
    if not lines:
        return Reply("No cross-training scheduled: !training schedule …")
    return bulleted(f"Cross-training calendar ({ctx.config.coalition.timezone})", lines)


async def _coverage(ctx: CommandContext) -> Reply:
    sessions = []
    for t in await trainings.every(ctx.session):
        if t.cancelled_at is None and t.starts_at <= ctx.now:
            went = {a for a, r in (await trainings.rsvps(ctx.session, t.id)).items()
                    if r is Rsvp.GOING}  # fmt: skip
            went |= {f.agency for f in await trainings.feedback(ctx.session, t.id)}
            sessions.append((t.host, went))
    agencies = list(ctx.config.agency_codes)
    met = coverage(agencies, sessions)
    lines = []
    for a in agencies:
        gaps = [b for b in agencies if b != a and b not in met.get(a, set())]
        with_ = ", ".join(sorted(met.get(a, set()))) or "none"
        lines.append(f"{a}: trained with {with_}; not yet with {', '.join(gaps) or 'none'}")
    return bulleted("Cross-training coverage (sessions held; the gaps are whom to invite next)",
                    lines)  # fmt: skip
