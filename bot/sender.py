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
from typing import Any

from nio import AsyncClient, RoomSendResponse
from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.content import in_thread
from protocols.ids import EventId
from protocols.outbox import PENDING_THREAD_ROOT, OutboxRecord, OutgoingMessage
from storage.db import Database
from storage.repositories import outbox

from .attachments import with_attachment
from .device_trust import DeviceTrust
from .direct_rooms import DirectRooms
from .homeserver_health import NETWORK_ERRORS, HomeserverHealth
from .key_coverage import KeyCoverage, unreached_notice
from .key_maintenance import KeyMaintenance
from .sender_errors import NotEncrypted, RecipientUnreachable, WaitingForRoot

log = logging.getLogger(__name__)

RETRY_EVERY = timedelta(seconds=5)

# Run in the transaction that marks a message sent, with (the session, the record, the sent
# event id, the room it went to); returns follow-up messages to write in that transaction.
# What a send means (a page's event id, which ✅ reactions acknowledge) is recorded in the
# same step as the send itself, so a crash can never keep one without the other.
RecordSent = Callable[[AsyncSession, OutboxRecord, str, str], Awaitable[list[OutgoingMessage]]]

# What Synapse answers for an event over its size limit (HTTP 413).
TOO_LARGE = ("M_TOO_LARGE", 413, "413")


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
        health: HomeserverHealth,
        prefix: str = "!",
        trust: DeviceTrust | None = None,
        keys: KeyMaintenance | None = None,
    ) -> None:
        self.client = client
        self.db = db
        self.now = now
        self.direct = direct
        self.health = health
        self.prefix = prefix
        # With [bot] strict_devices: who may be given the room key (None: every device).
        self.trust = trust
        self.keys = keys
        self.coverage = KeyCoverage(client)
        # Messages waiting for a thread root, by the root's transaction id.
        self._after_root: dict[str, list[int]] = {}
        self.record_sent: list[RecordSent] = []
        # Set when a sent message's text was cleared: the WAL still holds it until the next
        # checkpoint, which the retry loop then runs.
        self._cleared = False
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
            if not self.health.up:
                continue  # the sync loop flushes everything when the homeserver is back
            try:
                retried = await self.flush_unsent(older_than=every)
                if retried:
                    log.info("outbox retry: %d unsent", retried)
                if self._cleared:
                    self._cleared = False
                    await self.db.truncate_wal()
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

    async def _fail(self, outbox_id: int, reason: str, *, counts: bool = True) -> None:
        async with self.db.transaction() as session:
            if await outbox.mark_failed(session, outbox_id, reason, self.now(), counts=counts):
                log.error(
                    "outbox %d failed for good after repeated refusals: %s", outbox_id, reason
                )

    async def _send_one(self, record: OutboxRecord) -> None:
        outbox_id = record.id
        msg = record.message
        if not self.health.up:
            return  # held: flushed again when the homeserver is back
        try:
            room_id = msg.room_id or await self.direct.room_for(str(msg.to_user))
            assert_can_send_encrypted(self.client, room_id)
            content = await self._in_pending_thread(msg.content)
            if self.keys is not None:
                await self.keys.devices_known()
                unreached = await self.keys.sessions_ready(room_id)
                if msg.to_user is not None and str(msg.to_user) in unreached:
                    # A page now would be unreadable to them: it waits for their server.
                    raise RecipientUnreachable("no Olm session with the recipient's device")
            if self.trust is not None:
                await self.trust.enforce(room_id, self.client.rooms[room_id].users)
            self.coverage.repair(room_id)
            content = await with_attachment(self.client, content)
            resp = await self.client.room_send(
                room_id,
                msg.event_type,
                content,
                tx_id=msg.txn_id,
                ignore_unverified_devices=True,
            )
        except WaitingForRoot as waiting:
            # Queued again the moment its root is sent (or by the periodic retry).
            self._after_root.setdefault(str(waiting), []).append(outbox_id)
            await self._fail(outbox_id, "waiting for its thread's root", counts=False)
            return
        except RecipientUnreachable:
            # Like the network: the message waits, its attempts are not used up.
            log.info("outbox %d delayed: the recipient's homeserver did not answer", outbox_id)
            await self._fail(outbox_id, "recipient unreachable", counts=False)
            return
        except NotEncrypted as err:
            log.warning("outbox %d held back: %s", outbox_id, err)
            await self._fail(outbox_id, f"held: {err}")
            return
        except NETWORK_ERRORS as err:
            # An outage delays a message, it never uses up its attempts. The sync loop judges
            # (and logs) outages; a send that failed alone is simply tried again.
            log.debug("outbox %d: network %s; retried", outbox_id, type(err).__name__)
            await self._fail(outbox_id, f"network: {type(err).__name__}", counts=False)
            return
        except Exception as err:  # nio's LocalProtocolError and the like
            log.warning("outbox %d send failed: %s", outbox_id, type(err).__name__, exc_info=True)
            await self._fail(outbox_id, type(err).__name__)
            return
        if not isinstance(resp, RoomSendResponse):
            status = getattr(resp, "status_code", None) or type(resp).__name__
            if status in TOO_LARGE:
                await self._too_large(record, room_id, str(status))
                return
            log.warning("outbox %d send refused by server: %s", outbox_id, status)
            await self._fail(outbox_id, str(status))
            return
        await self._sent(record, resp.event_id, room_id)

    async def _in_pending_thread(self, content: dict[str, Any]) -> dict[str, Any]:
        """`content` for sending: a message made before its thread's root was sent joins
        the root's thread. Raises WaitingForRoot while the root is still to be sent (it may
        wait in another lane, behind a page); a root that will never go out leaves the
        message in the room itself."""
        if PENDING_THREAD_ROOT not in content:
            return content
        content = dict(content)
        root_txn = str(content.pop(PENDING_THREAD_ROOT))
        async with self.db.transaction() as session:
            root = await outbox.by_txn(session, root_txn)
        if root is not None and root.sent_event_id is not None:
            return in_thread(content, EventId(root.sent_event_id))
        if root is not None and root.failed_at is None:
            raise WaitingForRoot(root_txn)
        return content

    async def _sent(self, record: OutboxRecord, event_id: str, room_id: str) -> None:
        """Mark the row sent and record what the send means, in one transaction; a crash
        before commit sends it again under the same transaction id, which the homeserver
        answers with the same event id."""
        follow_up: list[int] = []
        async with self.db.transaction() as session:
            await outbox.mark_sent(session, record.id, event_id, self.now(), room_id)
            for hook in self.record_sent:
                for message in await hook(session, record, event_id, room_id):
                    follow_up.append(await outbox.enqueue(session, message, self.now()))
            unreached = (
                [] if self.direct.is_direct(room_id) else (self.coverage.newly_unreached(room_id))
            )
            if unreached:
                notice = unreached_notice(room_id, unreached, self.now())
                follow_up.append(await outbox.enqueue(session, notice, self.now()))
        self._cleared = True
        log.info("sent outbox=%d txn=%s event=%s", record.id, record.message.txn_id, event_id)
        self.enqueue(follow_up + self._after_root.pop(record.message.txn_id, []))

    async def _too_large(self, record: OutboxRecord, room_id: str, status: str) -> None:
        """The homeserver will never take this message: mark it failed (an admin sees it in
        !outbox) and say so where it was going, in a notice that does fit."""
        notice = replacement_notice(record, room_id, self.prefix)
        async with self.db.transaction() as session:
            await outbox.give_up(session, record.id, f"{status}: too large", self.now())
            replacement = await outbox.enqueue(session, notice, self.now())
        log.error("outbox %d refused as too large; replaced by outbox %d", record.id, replacement)
        self.enqueue([replacement])


def replacement_notice(record: OutboxRecord, room_id: str, prefix: str) -> OutgoingMessage:
    """A short notice in place of a message the homeserver refused as too large: the same
    room, thread and reply target, so the people waiting for it see it there."""
    content: dict[str, Any] = {
        "msgtype": "m.notice",
        "body": (
            "MACT could not deliver a message here: the homeserver refused it as too large. "
            f"An admin can see which with {prefix}outbox; an event's full record is in "
            "mact export."
        ),
        "m.mentions": {},
    }
    relates = record.message.content.get("m.relates_to")
    if relates:
        content["m.relates_to"] = relates
    return OutgoingMessage(
        txn_id=f"too-large-{record.message.txn_id}"[:255],
        room_id=room_id,
        event_type="m.room.message",
        content=content,
    )
