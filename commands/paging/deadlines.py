"""Paging's deadlines: ack windows and the steps that wait their turn, per crisis event."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.paging import sequence
from commands.paging.messages import root_txn_id
from protocols.outbox import OutgoingMessage
from protocols.paging.crisis import EventState
from storage.repositories import crisis, outbox


async def pending(session: AsyncSession) -> list[str]:
    return [e.id for e in await crisis.active_events(session)]


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


SOURCE = DeadlineSource("paging", "CE-", pending, run)
