"""Sends outbox rows from a background worker: encrypted rooms only, deterministic
transaction ids, retried later.

Encrypted or silent: a row whose room is not end-to-end encrypted is never sent. A failed
send stays in the outbox and is retried by the next flush. The worker runs beside the sync
loop, so a send that waits for a new DM room to sync does not block the loop that syncs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime

from nio import AsyncClient, RoomSendResponse

from protocols.outbox import OutboxRecord
from storage.db import Database
from storage.repositories import outbox

from .direct_rooms import DirectRooms
from .sender_errors import NotEncrypted

log = logging.getLogger(__name__)

# Called after a successful send with (the record, the sent event id, the room it went to).
SentHook = Callable[[OutboxRecord, str, str], Awaitable[None]]


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
    def __init__(
        self,
        client: AsyncClient,
        db: Database,
        now: Callable[[], datetime],
        direct: DirectRooms,
    ) -> None:
        self.client = client
        self.db = db
        self.now = now
        self.direct = direct
        self.hooks: list[SentHook] = []
        self._queue: asyncio.Queue[int] = asyncio.Queue()
        self._task: asyncio.Task[None] | None = None
        self._idle = asyncio.Event()
        self._idle.set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._worker(), name="outbox-sender")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task

    def enqueue(self, ids: Iterable[int]) -> None:
        for outbox_id in ids:
            self._idle.clear()
            self._queue.put_nowait(outbox_id)

    async def wait_idle(self) -> None:
        await self._idle.wait()

    async def flush_unsent(self) -> int:
        """Queue every unsent row (start-up, and periodically). Returns how many."""
        async with self.db.transaction() as session:
            pending = await outbox.unsent(session, limit=500)
        self.enqueue(r.id for r in pending)
        return len(pending)

    async def _worker(self) -> None:
        while True:
            outbox_id = await self._queue.get()
            try:
                await self._send_one(outbox_id)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox %d: unexpected failure", outbox_id)
            finally:
                self._queue.task_done()
                if self._queue.empty():
                    self._idle.set()

    async def _fail(self, outbox_id: int, reason: str) -> None:
        async with self.db.transaction() as session:
            await outbox.mark_failed(session, outbox_id, reason)

    async def _send_one(self, outbox_id: int) -> None:
        async with self.db.transaction() as session:
            record = await outbox.get(session, outbox_id)
        if record is None or record.sent_at is not None:
            return
        msg = record.message
        try:
            room_id = msg.room_id or await self.direct.room_for(str(msg.to_user))
            assert_can_send_encrypted(self.client, room_id)
        except NotEncrypted as err:
            log.warning("outbox %d held back: %s", outbox_id, err)
            await self._fail(outbox_id, f"held: {err}")
            return
        try:
            resp = await self.client.room_send(
                room_id,
                msg.event_type,
                msg.content,
                tx_id=msg.txn_id,
                ignore_unverified_devices=True,
            )
        except Exception as err:  # network errors, nio's LocalProtocolError
            log.warning("outbox %d send failed: %s", outbox_id, type(err).__name__)
            await self._fail(outbox_id, type(err).__name__)
            return
        if not isinstance(resp, RoomSendResponse):
            status = getattr(resp, "status_code", None) or type(resp).__name__
            log.warning("outbox %d send refused by server: %s", outbox_id, status)
            await self._fail(outbox_id, str(status))
            return
        async with self.db.transaction() as session:
            await outbox.mark_sent(session, outbox_id, resp.event_id, self.now(), room_id)
        log.info("sent outbox=%d txn=%s event=%s", outbox_id, msg.txn_id, resp.event_id)
        for hook in self.hooks:
            await hook(record, resp.event_id, room_id)
