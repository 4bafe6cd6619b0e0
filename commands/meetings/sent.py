"""What a meeting message's send means, recorded in the transaction that marks it sent: the
agenda's event is the meeting's thread; the minutes' event is what ✅ and ❌ answer."""

from __future__ import annotations

import dataclasses

from sqlalchemy.ext.asyncio import AsyncSession

from protocols.outbox import OutgoingMessage
from storage.repositories import meetings


async def agenda_sent(session: AsyncSession, key: str, event_id: str) -> list[OutgoingMessage]:
    occ = await meetings.occurrence(session, key)
    if occ is not None and occ.root_event_id is None:
        await meetings.put_occurrence(session, dataclasses.replace(occ, root_event_id=event_id))
    return []


async def minutes_sent(session: AsyncSession, key: str, event_id: str) -> list[OutgoingMessage]:
    occ = await meetings.occurrence(session, key)
    if occ is not None:
        await meetings.put_occurrence(session, dataclasses.replace(occ, minutes_event_id=event_id))
    return []
