"""!status [CE-…]: an event, its lead and each agency's page state; or the active events."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from commands.huddle.messages import checkin_state
from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, EventRef, ParsedArgs, Reply, command
from commands.kernel.lookup import resolve_event
from protocols.due import describe_due
from protocols.durations import format_duration
from protocols.huddle.actions import ItemKind, open_items
from protocols.paging.crisis import CrisisEvent, EventState
from protocols.paging.escalation import Page, Step, StepState
from protocols.roles import ALL_ROLES
from storage.repositories import checkins, crisis, items


def _clock(event: CrisisEvent, at: datetime) -> str:
    return f"{at.astimezone(ZoneInfo(event.snapshot.timezone)):%H:%M:%S}"


def step_line(event: CrisisEvent, step: Step, pages: list[Page], now: datetime) -> str:
    mine = [p for p in pages if p.step_index == step.index]
    first = mine[0] if mine else None
    current = mine[-1] if mine else None
    if step.state is StepState.ACKNOWLEDGED:
        took = (
            f" after {format_duration(step.resolved_at - first.issued_at)}"
            if first and step.resolved_at
            else ""
        )
        when = _clock(event, step.resolved_at) if step.resolved_at else "?"
        by = event.snapshot.name_of(step.acked_by or "")
        return f"{step.agency}: acknowledged {when} by {by}{took}"
    if step.state is StepState.PAGING and current is not None:
        left = current.deadline - now
        due = (
            f"ack due {_clock(event, current.deadline)} (in {format_duration(left)})"
            if left.total_seconds() > 0
            else "ack overdue"
        )
        return (
            f"{step.agency}: paging {current.label} {event.snapshot.name_of(current.target)} since "
            f"{_clock(event, current.issued_at)} (attempt {current.attempt}), {due}"
        )
    if step.state is StepState.WAITING:
        if step.after == "previous_ack" and step.released_at is None:
            return f"{step.agency}: waiting, paged after the previous agency acknowledges"
        paged_at = (step.released_at or event.activated_at) + step.offset
        return f"{step.agency}: waiting, paged at {_clock(event, paged_at)}"
    if step.state is StepState.UNREACHABLE:
        when = _clock(event, step.resolved_at) if step.resolved_at else "?"
        return f"{step.agency}: could not be reached (reported {when}); {len(mine)} page(s) sent"
    return f"{step.agency}: paging cancelled"


async def huddle_lines(ctx: CommandContext, event: CrisisEvent) -> list[str]:
    """Open action items, the next check-in, and the outcome once closed."""
    tz = event.snapshot.timezone
    found = [i for i in await items.for_event(ctx.session, event.id) if i.kind is ItemKind.ACTION]
    still = open_items(found)
    lines = [f"Action items: {len(still)} open of {len(found)}" if found else "Action items: none"]
    if still:
        lines[0] += f"; next due {still[0].label} {describe_due(still[0].due, ctx.now, tz)}"
    if event.state is EventState.ACTIVE:
        held = await checkins.for_event(ctx.session, event.id)
        lines += [line.rstrip(".") for line in checkin_state(held, ctx.now, tz, ctx.prefix)]
    if event.outcome:
        lines.append(
            f"Outcome: {event.outcome}" + (f": {event.end_reason}" if event.end_reason else "")
        )
    return lines


@command(
    "status",
    roles=ALL_ROLES,
    help="Show an event: its lead and each agency's page state with times. Without an event "
    "(outside a huddle thread), list the active events.",
    args=(EventRef(),),
)
async def status(ctx: CommandContext, args: ParsedArgs) -> Reply:
    if not args.get("event") and not ctx.thread_root:
        events = await crisis.active_events(ctx.session)
        health = ctx.services.get("health")
        outage = [health.describe(ctx.now)] if health and health.describe(ctx.now) else []
        if not events:
            return Reply("\n".join(["No active crisis events.", *outage]))
        lines = [
            f"{e.id}: {e.protocol.id} ({e.criterion}), lead {e.lead_agency}, active for "
            f"{format_duration(ctx.now - e.activated_at)}"
            for e in events
        ]
        return Reply("\n".join(["Active crisis events:", *lines, *outage]))
    event = await resolve_event(ctx, args.get("event"), "status")
    steps, pages = await crisis.steps_and_pages(ctx.session, event.id)
    age = format_duration((event.ended_at or ctx.now) - event.activated_at)
    head = (
        f"{event.id} — {event.state.value} — {event.protocol.id} v{event.protocol.version}, "
        f"criterion {event.criterion}, lead {event.lead_agency}; activated "
        f"{_clock(event, event.activated_at)} by {event.snapshot.name_of(event.activated_by)} "
        f"({age}); times in "
        f"{event.snapshot.timezone}"
    )
    lines = [step_line(event, s, pages, ctx.now) for s in steps]
    lines += await huddle_lines(ctx, event)
    return bulleted(head, lines)
