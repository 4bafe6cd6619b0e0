"""Paging's deadlines: ack windows and the steps that wait their turn, per crisis event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.paging import sequence
from commands.paging.messages import root_txn_id
from protocols.outbox import OutgoingMessage
from protocols.paging.crisis import EventState
from protocols.paging.escalation import next_wakeup
from storage.repositories import crisis, outbox


async def wakeups(session: AsyncSession) -> dict[str, datetime]:
    events = await crisis.active_events(session)
    state = await crisis.steps_and_pages_by_event(session, [e.id for e in events])
    found: dict[str, datetime] = {}
    for event in events:
        if event.root_event_id is None:
            # The thread's root may be sent but not recorded (see run): look now.
            found[event.id] = event.activated_at
        elif (when := next_wakeup(*state[event.id])) is not None:
            found[event.id] = when
    return found


async def run(session: AsyncSession, event_id: str, now: datetime) -> Due:
    event = await crisis.get_event(session, event_id)
    if event is None:
        return [], None
    messages: list[OutgoingMessage] = []
    if event.root_event_id is None:
        # Written by a MACT that recorded the thread's root in a second step after its
        # send: a crash between them left it only in the outbox.
        root = await outbox.sent_event_id(session, root_txn_id(event_id))
        if root is not None:
            messages += await sequence.root_sent(session, event_id, root)
            event = await crisis.get_event(session, event_id)
            assert event is not None
    if event.state is not EventState.ACTIVE:
        return messages, None
    due, wake = await sequence.run(session, event, now)
    return messages + due, wake


SOURCE = DeadlineSource("paging", "CE-", wakeups, run)
