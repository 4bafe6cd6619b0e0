"""The review's deadlines: improvement items' reminders (they go on after the event
closes) and the after-action review template, posted on its business day."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.huddle.deadlines import items_due
from commands.huddle.items import reminder_policy
from commands.huddle.records import load_record
from commands.kernel.content import person
from commands.kernel.framework import Reply
from commands.kernel.render import B, Inline, bullets, doc, para
from commands.paging.messages import late_note, thread_notice
from protocols.huddle.actions import ItemKind, next_reminder
from protocols.huddle.summary import key_timings
from protocols.outbox import OutgoingMessage
from protocols.paging.crisis import CrisisEvent
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import crisis, items, reviews, timeline


async def wakeups(session: AsyncSession) -> dict[str, datetime]:
    found = {r.event_id: r.due for r in await reviews.unposted(session)}
    improvements = await items.open_by_event(session, ItemKind.IMPROVEMENT)
    for event in await crisis.events_by_id(session, list(improvements)):
        policy = reminder_policy(event, ItemKind.IMPROVEMENT)
        when = next_reminder(improvements[event.id], policy)
        if when is not None:
            found[event.id] = min(when, found.get(event.id, when))
    return found


async def run(session: AsyncSession, event_id: str, now: datetime) -> Due:
    event = await crisis.get_event(session, event_id)
    if event is None:
        return [], None
    messages: list[OutgoingMessage] = []
    wakes = [
        await items_due(session, event, ItemKind.IMPROVEMENT, now, messages),
        await _review_due(session, event, now, messages),
    ]
    pending_wakes = [w for w in wakes if w is not None]
    return messages, min(pending_wakes) if pending_wakes else None


SOURCE = DeadlineSource("review", "CE-", wakeups, run)


def review_template(event: CrisisEvent, lines: list[str]) -> Reply:
    days = event.protocol.review_window_business_days
    window = f"within {days} business day(s) of closing" if days else "the day of closing"
    head = f"After-action review for {event.id} is due today ({window})."
    aar = f"{event.snapshot.prefix}aar"
    asks = [
        f"What worked well: {aar} add worked <text>",
        f"Barriers: {aar} add barrier <text>",
        f"Timing challenges: {aar} add timing <text>",
        f"Data and documentation gaps: {aar} add gap <text>",
        "Protocol updates, training needs or resources, as improvement items owned by an "
        f"agency: {aar} improve <agency> <due> <text> --type protocol|training|resource",
        f"When the debrief is done: {aar} close",
    ]
    coordinators = tuple(event.snapshot.coordinators)
    pills: list[Inline] = ["Coordinators: "]
    for n, user in enumerate(coordinators):
        if n:
            pills.append(", ")
        pills.append(person(event.snapshot.names, user))
    return doc(
        para(B(head)),
        para("Key timings:"),
        bullets(lines, marker="- "),
        para("Please add, in this thread:"),
        bullets(asks, marker="- "),
        para(*pills),
        mentions=coordinators,
    )


async def _review_due(
    session: AsyncSession, event: CrisisEvent, now: datetime, messages: list[OutgoingMessage]
) -> datetime | None:
    """Post the review template on its day; returns its time while it is still to come."""
    review = await reviews.get(session, event.id)
    if review is None or review.posted_at is not None:
        return None
    if review.due > now:
        return review.due
    record = await load_record(session, event)
    messages.append(
        thread_notice(event, "review", review_template(event, key_timings(record, now)))
    )
    await reviews.save(session, dataclasses.replace(review, posted_at=now))
    await timeline.append(
        session,
        TimelineEntry(
            event.id,
            now,
            EntryKind.REVIEW,
            f"After-action review template posted{late_note(now - review.due)}",
        ),
    )
    return None
