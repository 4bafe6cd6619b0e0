"""A timer tick: run the escalation core for one event and queue what it says to send."""

from __future__ import annotations

from datetime import datetime

from protocols.crisis import EventState
from storage.db import Database
from storage.repositories import crisis, items, outbox, reviews

from . import crisis_flow, huddle_flow


async def run_event(
    db: Database, event_id: str, now: datetime, *, root: str | None = None
) -> tuple[list[int], datetime | None]:
    """Returns the outbox ids to send and the event's next wakeup (None: nothing pending).
    With `root`, first records the event's huddle thread root (it was just sent)."""
    async with db.transaction() as session:
        event = await crisis.get_event(session, event_id)
        if event is None:
            return [], None
        if root is None and event.root_event_id is None:
            # The root was sent but the bot stopped before recording it (the send and this
            # record are two transactions): the outbox row still knows its event id.
            root = await outbox.sent_event_id(session, crisis_flow.root_txn_id(event_id))
        if root is not None and event.root_event_id is None:
            await crisis.set_root(session, event_id, root)
            event = await crisis.get_event(session, event_id)
            assert event is not None
        messages = await crisis_flow.thread_opened(session, event) if root else []
        wakes = []
        if event.state is EventState.ACTIVE:
            due, wake = await crisis_flow.run(session, event, now)
            messages += due
            wakes.append(wake)
        due, wake = await huddle_flow.run(session, event, now)
        messages += due
        wakes.append(wake)
        pending = [w for w in wakes if w is not None]
        ids = [await outbox.enqueue(session, m, now) for m in messages]
    return ids, min(pending) if pending else None


async def events_with_deadlines(db: Database) -> list[str]:
    """Events that may have a deadline: the active ones, closed ones whose review is not
    posted yet, and any with open improvement items."""
    async with db.transaction() as session:
        ids = [e.id for e in await crisis.active_events(session)]
        ids += await reviews.unposted_event_ids(session)
        ids += await items.events_with_open_improvements(session)
    return list(dict.fromkeys(ids))
