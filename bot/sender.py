"""Sends outbox rows from background workers: encrypted rooms only, deterministic
transaction ids, retried later.

Encrypted or silent: a row whose room is not end-to-end encrypted is never sent. A failed
send stays in the outbox and is retried by the next flush. One ordered lane per destination
(a thread, a room, or a DM recipient): messages to the same place keep their order, a page in
a DM never waits behind replies in the coordination room, and one event's huddle never
waits behind another's. Lanes run beside the sync loop, so a
send that waits for a new DM room to sync does not block the loop that syncs it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime, timedelta

from nio import AsyncClient, RoomSendResponse

from protocols.outbox import OutboxRecord, OutgoingMessage
from storage.db import Database
from storage.repositories import outbox

from .direct_rooms import DirectRooms
from .sender_errors import NotEncrypted

log = logging.getLogger(__name__)

RETRY_EVERY = timedelta(seconds=5)

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


def destination(message: OutgoingMessage) -> str:
    """The default lane: one per thread, else one per room (or DM). Messages in one thread
    keep their order; threads of different events in one room are sent side by side, which
    the homeserver handles concurrently (a busy room is otherwise one long queue)."""
    if message.room_id is None:
        return f"dm:{message.to_user}"
    relates = message.content.get("m.relates_to") or {}
    if relates.get("rel_type") == "m.thread" and relates.get("event_id"):
        return f"{message.room_id}|{relates['event_id']}"
    return message.room_id


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
        self._route_queue: asyncio.Queue[int] = asyncio.Queue()
        self._lane_of: dict[int, str] = {}
        self._known: dict[int, OutgoingMessage] = {}
        self._lanes: dict[str, asyncio.Queue[OutboxRecord]] = {}
        self._tasks: dict[str, asyncio.Task[None]] = {}
        self._running = False

    def start(self) -> None:
        self._running = True

    async def stop(self) -> None:
        self._running = False
        for task in self._tasks.values():
            task.cancel()
        for task in self._tasks.values():
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()

    def enqueue(
        self,
        ids: Iterable[int],
        lanes: dict[int, str] | None = None,
        messages: dict[int, OutgoingMessage] | None = None,
    ) -> None:
        """Queue committed rows by id; each goes to its lane (`lanes[id]`, else its
        destination). A row whose message is given is not read back from the database."""
        if self._running and "route" not in self._tasks:
            self._tasks["route"] = asyncio.create_task(self._route(), name="outbox-route")
        for outbox_id in ids:
            if lanes and outbox_id in lanes:
                self._lane_of[outbox_id] = lanes[outbox_id]
            if messages and outbox_id in messages:
                self._known[outbox_id] = messages[outbox_id]
            self._route_queue.put_nowait(outbox_id)

    def _lane(self, key: str) -> asyncio.Queue[OutboxRecord]:
        if key not in self._lanes:
            self._lanes[key] = asyncio.Queue()
        if self._running and key not in self._tasks:
            self._tasks[key] = asyncio.create_task(self._worker(key), name=f"outbox-{key}")
        return self._lanes[key]

    async def flush_unsent(self, older_than: timedelta | None = None) -> int:
        """Queue every unsent row, or those older than `older_than` (the periodic retry
        leaves fresh rows to their lanes). Returns how many."""
        cutoff = self.now() - older_than if older_than is not None else None
        async with self.db.transaction() as session:
            pending = await outbox.unsent(session, limit=500, created_before=cutoff)
        self.enqueue(r.id for r in pending)
        return len(pending)

    async def retry_forever(self, every: timedelta = RETRY_EVERY) -> None:
        """Re-queue rows whose send failed or was held back (a DM not synced yet, the
        network down). Transaction ids make a duplicate attempt harmless."""
        while True:
            await asyncio.sleep(every.total_seconds())
            try:
                retried = await self.flush_unsent(older_than=every)
                if retried:
                    log.info("outbox retry: %d unsent", retried)
            except Exception:
                log.exception("outbox retry failed")

    async def _route(self) -> None:
        """Read each row and hand it to its destination's lane, in order."""
        queue = self._route_queue
        while True:
            outbox_id = await queue.get()
            try:
                known = self._known.pop(outbox_id, None)
                record: OutboxRecord | None
                if known is not None:
                    record = OutboxRecord(outbox_id, known, self.now(), None, None, 0)
                else:
                    async with self.db.transaction() as session:
                        record = await outbox.get(session, outbox_id)
                lane = self._lane_of.pop(outbox_id, None)
                if record is not None and record.sent_at is None:
                    self._lane(lane or destination(record.message)).put_nowait(record)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox %d: could not be routed", outbox_id)
            finally:
                queue.task_done()

    async def _worker(self, key: str) -> None:
        queue = self._lanes[key]
        while True:
            record = await queue.get()
            try:
                await self._send_one(record)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("outbox %d: unexpected failure", record.id)
            finally:
                queue.task_done()

    async def _fail(self, outbox_id: int, reason: str) -> None:
        async with self.db.transaction() as session:
            await outbox.mark_failed(session, outbox_id, reason)

    async def _send_one(self, record: OutboxRecord) -> None:
        outbox_id = record.id
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
