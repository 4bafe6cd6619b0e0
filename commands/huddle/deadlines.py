"""The huddle's deadlines for one event: action-item reminders and check-ins.

Run by the event's timer beside the paging core, inside the caller's transaction: each
reminder or prompt is a row update, a timeline entry and an outbox message, committed
together, so a restart neither loses nor repeats one.
"""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.huddle.items import reminder_policy
from commands.kernel.content import person, pills_in
from commands.kernel.framework import Reply
from commands.kernel.render import B, Block, Inline, Line, bullets, doc, para
from commands.paging.messages import late_note, thread_notice
from protocols.due import describe_due
from protocols.durations import format_duration
from protocols.huddle.actions import (
    ActionItem,
    ItemKind,
    Reminder,
    Stage,
    by_owner,
    due_reminders,
    next_reminder,
    open_items,
)
from protocols.huddle.checkins import Checkin, due_prompt
from protocols.huddle.checkins import next_wakeup as next_checkin
from protocols.huddle.checkins import prompt as prompt_checkin
from protocols.ids import UserId
from protocols.outbox import OutgoingMessage
from protocols.paging.crisis import CrisisEvent, EventState
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import checkins, crisis, items, timeline


def _tz(event: CrisisEvent) -> str:
    return event.snapshot.timezone


def reminder_text(event: CrisisEvent, r: Reminder, now: datetime) -> str:
    item = r.item
    p = event.snapshot.prefix
    due = describe_due(item.due, now, _tz(event))
    name = event.snapshot.name_of
    owner = item.owner.label(event.snapshot.names)
    who = ", ".join(name(u) for u in r.mentions)
    if r.stage is Stage.REMINDED:
        head = f"Reminder: {item.label} for {owner} is due {due}: {item.text}"
    elif r.stage is Stage.OVERDUE:
        head = (
            f"Overdue: {item.label} for {owner}, {due}: {item.text}. "
            f"Mark it {p}done {item.label}, or {p}extend {item.label} <due>"
        )
    else:
        grace = format_duration(reminder_policy(event, item.kind).grace)
        head = (
            f"Still open {grace} after its due time: {item.label} for {owner}, "
            f"{due}: {item.text}. Escalated to {', '.join(name(u) for u in item.owner.escalate_to)}"
        )
    return f"{head}{late_note(r.late_by)}. ({who})"


async def _send_reminders(
    session: AsyncSession, event: CrisisEvent, found: list[ActionItem], now: datetime
) -> list[OutgoingMessage]:
    """Each reminder is its own timeline entry and row update; those of one rung that fall
    due together go out as one notice, so a busy huddle gets one message, not ten."""
    if not found:
        return []
    kind = found[0].kind
    rungs: dict[Stage, list[Reminder]] = {}
    for r in due_reminders(found, reminder_policy(event, kind), now):
        rungs.setdefault(r.stage, []).append(r)
    messages: list[OutgoingMessage] = []
    for stage, group in sorted(rungs.items()):
        texts: list[str] = []
        mentions: list[UserId] = []
        for r in group:
            text = reminder_text(event, r, now)
            texts.append(text)
            mentions += [u for u in r.mentions if u not in mentions]
            await items.save(session, dataclasses.replace(r.item, stage=stage))
            await timeline.append(
                session,
                TimelineEntry(event.id, now, EntryKind.REMINDER, text, r.item.owner.agency, None),
            )
        # What the notice reports, as its transaction id: never posted twice.
        fact = ",".join(f"{r.item.label}@{int(r.item.due.timestamp())}" for r in group)
        key = f"rem{int(stage)}-{hashlib.sha256(fact.encode()).hexdigest()[:16]}"
        text = "\n".join(texts)
        people = [person(event.snapshot.names, u) for u in mentions]
        messages.append(
            thread_notice(event, key, Reply(text, pills_in(text, people), tuple(mentions)))
        )
    return messages


def checkin_prompt(
    event: CrisisEvent, checkin: Checkin, found: list[ActionItem], now: datetime
) -> Reply:
    """The check-in message: open items grouped by owner with their state, owners
    mentioned, and how to record the check-in."""
    open_now = open_items([i for i in found if i.kind is ItemKind.ACTION])
    overdue = sum(1 for i in open_now if i.due <= now)
    count = f"{len(open_now)} open action item(s)" + (f", {overdue} overdue" if overdue else "")
    mentions: list[UserId] = []
    owners: list[Line] = []
    for owner, group in by_owner(open_now):
        mentions += [u for u in owner.notify if u not in mentions]
        listed = "; ".join(
            f"{i.label} {i.text}, {describe_due(i.due, now, _tz(event))}" for i in group
        )
        names = event.snapshot.names
        line: list[Inline] = (
            [person(names, owner.user), f" ({owner.agency})"]
            if owner.user
            else [B(owner.label(names))]
        )
        # A member owner's label already names them: "Ravi (HOTLINE)", not "… (Ravi)" again.
        if list(owner.notify) != [owner.user]:
            line.append(" (")
            for n, user in enumerate(owner.notify):
                line += [", ", person(names, user)] if n else [person(names, user)]
            line.append(")")
        owners.append([*line, f": {listed}"])
    p = event.snapshot.prefix
    ask = (
        f"Owners, please post an update on each item ({p}done, {p}extend, {p}reassign, "
        f"{p}drop); then {p}checkin done records this check-in."
        if open_now
        else f"Anything new? {p}checkin done records this check-in."
    )
    blocks: list[Block] = [para(B(f"Check-in #{checkin.number} for {event.id}"), f": {count}.")]
    if owners:
        blocks.append(bullets(owners))
    blocks.append(para(ask))
    return doc(*blocks, mentions=mentions)


async def wakeups(session: AsyncSession) -> dict[str, datetime]:
    events = await crisis.active_events(session)
    open_actions = await items.open_by_event(session, ItemKind.ACTION)
    held = await checkins.by_event(session, [e.id for e in events])
    found: dict[str, datetime] = {}
    for event in events:
        policy = reminder_policy(event, ItemKind.ACTION)
        times = [
            next_reminder(open_actions.get(event.id, []), policy),
            next_checkin(held[event.id]),
        ]
        if pending := [t for t in times if t is not None]:
            found[event.id] = min(pending)
    return found


async def run(session: AsyncSession, event_id: str, now: datetime) -> Due:
    """Action items and check-ins due at `now`; both stop when the event ends."""
    event = await crisis.get_event(session, event_id)
    if event is None or event.state is not EventState.ACTIVE:
        return [], None
    messages: list[OutgoingMessage] = []
    wakes = [
        await items_due(session, event, ItemKind.ACTION, now, messages),
        await _checkin_due(session, event, now, messages),
    ]
    pending_wakes = [w for w in wakes if w is not None]
    return messages, min(pending_wakes) if pending_wakes else None


async def items_due(
    session: AsyncSession,
    event: CrisisEvent,
    kind: ItemKind,
    now: datetime,
    messages: list[OutgoingMessage],
) -> datetime | None:
    """Send the reminders of `kind` due now; returns the next one's time."""
    found = [i for i in await items.for_event(session, event.id) if i.kind is kind]
    messages += await _send_reminders(session, event, found, now)
    found = [i for i in await items.for_event(session, event.id) if i.kind is kind]
    return next_reminder(found, reminder_policy(event, kind))


async def _checkin_due(
    session: AsyncSession, event: CrisisEvent, now: datetime, messages: list[OutgoingMessage]
) -> datetime | None:
    """Prompt the check-in whose time has come; returns the next one's time."""
    held = await checkins.for_event(session, event.id)
    current = due_prompt(held, now)
    if current is not None:
        found = await items.for_event(session, event.id)
        reply = checkin_prompt(event, current, found, now)
        messages.append(thread_notice(event, f"checkin-{current.number}", reply))
        for row in prompt_checkin(held, current, now, event.protocol.checkin.cadence):
            await checkins.save(session, row)
        open_now = open_items([i for i in found if i.kind is ItemKind.ACTION])
        await timeline.append(
            session,
            TimelineEntry(
                event.id,
                now,
                EntryKind.CHECKIN,
                f"Check-in #{current.number} due{late_note(now - current.due)}: "
                f"{len(open_now)} open action item(s)",
            ),
        )
        held = await checkins.for_event(session, event.id)
    return next_checkin(held)


SOURCE = DeadlineSource("huddle", "CE-", wakeups, run)
