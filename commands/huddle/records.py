"""An event's whole record, loaded once, and the summary messages built from it."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.content import notice
from commands.kernel.framework import Reply
from commands.paging.messages import thread_notice
from protocols.huddle.summary import EventRecord, build, fit, render_html, render_text
from protocols.outbox import MAX_CONTENT_BYTES, OutgoingMessage
from protocols.paging.crisis import CrisisEvent
from storage.repositories import checkins, crisis, decisions, items, timeline

# A summary's share of one message's content; the rest is for mentions and relations.
CHAT_SUMMARY_BYTES = MAX_CONTENT_BYTES - 2_000


async def load_record(session: AsyncSession, event: CrisisEvent) -> EventRecord:
    steps, pages = await crisis.steps_and_pages(session, event.id)
    return EventRecord(
        event=event,
        steps=steps,
        pages=pages,
        timeline=await timeline.for_event(session, event.id),
        decisions=await decisions.for_event(session, event.id),
        items=await items.for_event(session, event.id),
        checkins=await checkins.for_event(session, event.id),
    )


def summary_reply(record: EventRecord, now: datetime) -> Reply:
    hint = f"mact export {record.event.id} has them all"
    summary = fit(build(record, now), CHAT_SUMMARY_BYTES, hint)
    return Reply(render_text(summary), render_html(summary))


def closing_summaries(record: EventRecord, now: datetime) -> list[OutgoingMessage]:
    """The summary in the huddle thread and as a top-level message in the room."""
    event = record.event
    reply = summary_reply(record, now)
    return [
        thread_notice(event, "summary-closed", reply),
        OutgoingMessage(
            txn_id=f"summary-top-{event.id}",
            room_id=event.room_id,
            event_type="m.room.message",
            content=notice(reply),
        ),
    ]
