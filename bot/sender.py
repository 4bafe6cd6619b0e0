"""Sends outbox rows: encrypted rooms only, deterministic transaction ids, retried later.

Encrypted or silent: a row whose room is not end-to-end encrypted is never sent; it is
marked refused. A failed send stays in the outbox and is retried by the next flush.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from datetime import datetime

from nio import AsyncClient, RoomSendResponse

from storage.db import Database
from storage.repositories import outbox

log = logging.getLogger(__name__)


class NotEncrypted(RuntimeError):
    pass


def assert_can_send_encrypted(client: AsyncClient, room_id: str) -> None:
    """Raise NotEncrypted unless a send to `room_id` would be end-to-end encrypted."""
    if client.olm is None:
        raise NotEncrypted("the Olm machine is not loaded")
    room = client.rooms.get(room_id)
    if room is None:
        raise NotEncrypted(f"not joined to {room_id}")
    if not room.encrypted:
        raise NotEncrypted(f"{room_id} is not end-to-end encrypted")


class OutboxSender:
    def __init__(self, client: AsyncClient, db: Database, now: Callable[[], datetime]) -> None:
        self.client = client
        self.db = db
        self.now = now
        self._lock = asyncio.Lock()
        # Called with (outbox id, sent event id) after each successful send.
        self.on_sent: list[Callable[[int, str], None]] = []

    async def send(self, ids: Iterable[int]) -> None:
        async with self._lock:
            for outbox_id in ids:
                await self._send_one(outbox_id)

    async def flush_unsent(self) -> int:
        """Send every unsent row (start-up, and periodically). Returns how many were tried."""
        async with self.db.transaction() as session:
            pending = await outbox.unsent(session, limit=500)
        await self.send(r.id for r in pending)
        return len(pending)

    async def _send_one(self, outbox_id: int) -> None:
        async with self.db.transaction() as session:
            record = await outbox.get(session, outbox_id)
        if record is None or record.sent_at is not None:
            return
        msg = record.message
        try:
            assert_can_send_encrypted(self.client, msg.room_id)
        except NotEncrypted as err:
            log.warning("outbox %d held back: %s", outbox_id, err)
            async with self.db.transaction() as session:
                await outbox.mark_failed(session, outbox_id, f"held: {err}")
            return
        try:
            resp = await self.client.room_send(
                msg.room_id,
                msg.event_type,
                msg.content,
                tx_id=msg.txn_id,
                ignore_unverified_devices=True,
            )
        except Exception as err:  # network errors, nio's LocalProtocolError
            log.warning("outbox %d send failed: %s", outbox_id, type(err).__name__)
            async with self.db.transaction() as session:
                await outbox.mark_failed(session, outbox_id, type(err).__name__)
            return
        if not isinstance(resp, RoomSendResponse):
            status = getattr(resp, "status_code", None) or type(resp).__name__
            log.warning("outbox %d send refused by server: %s", outbox_id, status)
            async with self.db.transaction() as session:
                await outbox.mark_failed(session, outbox_id, str(status))
            return
        async with self.db.transaction() as session:
            await outbox.mark_sent(session, outbox_id, resp.event_id, self.now())
        log.info("sent outbox=%d txn=%s event=%s", outbox_id, msg.txn_id, resp.event_id)
        for callback in self.on_sent:
            callback(outbox_id, resp.event_id)
