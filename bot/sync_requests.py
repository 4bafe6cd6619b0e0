"""What the sync loop asks the homeserver besides the sync itself: its filter, and the
events a limited timeline left out, fetched with /messages."""

from __future__ import annotations

import logging
from typing import Any

from nio import AsyncClient, MessageDirection, RoomMessagesResponse

log = logging.getLogger(__name__)

# How much of a gap is fetched: 50 pages of 100 events per room.
_GAP_PAGES, _GAP_PAGE_SIZE = 50, 100


def sync_filter(timeline_limit: int) -> dict[str, Any]:
    return {
        "room": {
            "timeline": {"limit": timeline_limit},
            "state": {"lazy_load_members": False},
        },
        "presence": {"types": []},
    }


async def fill_gap(client: AsyncClient, room_id: str, batch_start: str, since: str) -> list[Any]:
    """From the batch's start back to the last sync position, oldest first (already-handled
    events are skipped by event id later). Network errors go to the caller."""
    found: list[Any] = []
    start = batch_start
    for _ in range(_GAP_PAGES):
        resp = await client.room_messages(
            room_id,
            start=start,
            end=since,
            direction=MessageDirection.back,
            limit=_GAP_PAGE_SIZE,
        )
        if not isinstance(resp, RoomMessagesResponse) or not resp.chunk:
            break
        found.extend(resp.chunk)
        if not resp.end or resp.end == start:
            break
        start = resp.end
    log.info("filled a timeline gap: room=%s events=%d", room_id, len(found))
    return list(reversed(found))
