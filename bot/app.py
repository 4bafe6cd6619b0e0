"""The running bot: log in, sync, apply the room policy, route commands, send replies.

The loop is explicit rather than nio's `sync_forever`, so that the sync token is saved in
MACT's database only after every event of the batch has been handled.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from nio import (
    AsyncClient,
    MegolmEvent,
    ReactionEvent,
    RoomCreateEvent,
    RoomMessageNotice,
    RoomMessageText,
    SyncResponse,
)
from sqlalchemy.ext.asyncio import AsyncSession

from commands import DEADLINES, SENT, reactions
from commands import registry as build_registry
from commands.deadlines import next_wakeups, run_due
from commands.kernel.router import Handled, IncomingCommand, IncomingReaction, Router
from protocols.ids import EventId, RoomId, UserId
from protocols.outbox import OutboxRecord, OutgoingMessage
from storage.db import Database
from storage.repositories import state

from .clock import SystemClock
from .config_loader import LoadedConfig
from .cross_signing import cross_sign
from .daily_job import DailyJob
from .device_trust import DeviceTrust
from .dictionary_versions import announce_dictionary
from .direct_rooms import DirectRooms
from .directory import DirectoryChecker
from .file_modes import lock_down
from .homeserver_health import NETWORK_ERRORS, Backoff, HomeserverHealth
from .key_maintenance import KeyMaintenance
from .login import log_in, make_client
from .room_policy import RoomPolicy
from .sender import OutboxSender
from .sync_requests import fill_gap, sync_filter
from .timers import EventTimers
from .undecryptable import Undecryptable

log = logging.getLogger(__name__)

_REACTION_RETRIES = 120


class Bot:
    def __init__(
        self, loaded: LoadedConfig, *, clock: Callable[[], datetime] | None = None
    ) -> None:
        self.loaded = loaded
        self.config = loaded.config
        self.now = clock or SystemClock().now
        self.db = Database(loaded.storage_url)
        self.client: AsyncClient = make_client(loaded)
        self.health = HomeserverHealth(self.now)
        self.keys = KeyMaintenance(self.client)
        self.direct = DirectRooms(self.client, self.db, self.now)
        self.sender = OutboxSender(
            self.client,
            self.db,
            self.now,
            self.direct,
            self.health,
            prefix=self.config.bot.command_prefix,
            trust=DeviceTrust(self.client) if self.config.bot.strict_devices else None,
            keys=self.keys,
        )
        self.sender.record_sent.append(self._record_sent)
        self.timers = EventTimers(self.tick)
        self.rooms = RoomPolicy(self.client, self.config)
        self.router = Router(
            self.config,
            build_registry(),
            self.db,
            prefix=self.config.bot.command_prefix,
            services={
                "directory": DirectoryChecker(self.client, self.config),
                "room_ids": self.rooms.room_ids,
                "health": self.health,
            },
            reactions=reactions(self.config),
        )
        # One unit of work at a time: commands, reactions and timer ticks read and write the
        # same event rows; serialising them in this process keeps each one consistent.
        self._work = asyncio.Lock()
        self.undecryptable = Undecryptable(
            self.client,
            self.db,
            self.config,
            self.now,
            lambda room: room in self.rooms.allowed or self.direct.is_direct(room),
        )
        self._stopping = asyncio.Event()
        self.ready = asyncio.Event()
        self._tasks: set[asyncio.Task[None]] = set()
        # Events whose timer fired while the homeserver was unreachable: run at recovery.
        self._deferred: set[str] = set()

    # ---- lifecycle -------------------------------------------------------------------

    async def run(self) -> None:
        """Run until `stop()`; raises on a start-up failure (login, encryption, storage,
        InsecureFiles)."""
        lock_down(self.loaded.data_dir, self.loaded.store_dir, self.loaded.storage_url)
        await self.db.migrate()
        try:
            if await log_in(self.client, self.loaded, self.health, self._stopping) is None:
                return  # stopped while waiting for the homeserver
            await cross_sign(self.client, self.loaded)
            await self.direct.load()
            await self.undecryptable.load()
            self.sender.start()
            self.timers.start()
            await self._sync_loop()
        finally:
            for task in list(self._tasks):
                task.cancel()
            self.timers.shutdown()
            await self.sender.stop()
            # close(), never logout(): the device and its keys must survive restarts.
            await self.client.close()
            await self.db.close()
            log.info("stopped")

    def stop(self) -> None:
        self._stopping.set()

    async def _sync_loop(self) -> None:
        """Sync, handle, save the token; never ends but by `stop()`. A sync or a batch that
        fails for the network is retried with capped backoff and the same token, so the
        batch runs again (handled events are skipped by id) and nothing is lost."""
        async with self.db.transaction() as session:
            token = await state.get(session, state.SYNC_TOKEN)
        first = True
        backoff = Backoff()
        while not self._stopping.is_set():
            try:
                resp = await self._sync_once(token, first)
            except NETWORK_ERRORS as err:
                self.health.failed("sync", err)
                await self._pause(backoff.next())
                continue
            if resp is None:
                break
            if not isinstance(resp, SyncResponse):
                # The server answered, but not with a sync (a 502 from its proxy, a restart).
                status = getattr(resp, "status_code", None) or type(resp).__name__
                self.health.failed("sync", str(status))
                await self._pause(backoff.next())
                continue
            outage_ended = not self.health.up
            self.health.reachable()
            backoff.reset()
            # Decryption already happened inside sync(); key upload, query and claim are for
            # sending (room_send does what it still needs), so they must not delay handling.
            self._background(self.keys.run())
            try:
                if self.rooms.unresolved:
                    # Before the batch: its commands count only in rooms on the allow-list.
                    await self.rooms.resolve_allow_list()
                await self._handle_sync(resp, since=token)
            except NETWORK_ERRORS as err:
                self.health.failed("handling a sync", err)
                await self._pause(backoff.next())
                continue
            token = resp.next_batch
            async with self.db.transaction() as session:
                await state.put(session, state.SYNC_TOKEN, token)
            if first:
                first = False
                await self.sender.flush_unsent()
                self._background(self.sender.retry_forever())
                self._background(DailyJob(self.db, self.config, self.now).forever())
                await announce_dictionary(self.db, self.config, self.rooms.room_ids, self.now())
                await self._reconcile_events()
                self.ready.set()
                log.info(
                    "ready: rooms=%d allowed=%d", len(self.client.rooms), len(self.rooms.allowed)
                )
            elif outage_ended:
                await self._after_outage()

    async def _sync_once(self, token: str | None, first: bool) -> SyncResponse | Any | None:
        """One /sync, or None if the bot was stopped meanwhile. While the homeserver is
        down the sync does not long-poll, so its return is noticed at once."""
        long_poll = not first and self.health.up
        sync = asyncio.ensure_future(
            self.client.sync(
                timeout=self.config.bot.sync_timeout_ms if long_poll else 0,
                sync_filter=sync_filter(self.config.bot.sync_timeline_limit),
                since=token,
                full_state=first,
            )
        )
        stop = asyncio.ensure_future(self._stopping.wait())
        done, _ = await asyncio.wait({sync, stop}, return_when=asyncio.FIRST_COMPLETED)
        if sync not in done:
            sync.cancel()
            return None
        stop.cancel()
        return sync.result()

    async def _pause(self, seconds: float) -> None:
        """Sleep, or return early when the bot is stopped."""
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._stopping.wait(), seconds)

    async def _after_outage(self) -> None:
        """The homeserver is back: send what waited, and run the deadlines that fell due
        meanwhile (their notices say how late they are)."""
        waiting = await self.sender.flush_unsent()
        deferred, self._deferred = self._deferred, set()
        _, due = await self._reconcile(extra=deferred)
        log.info("after the outage: %d messages queued, %d keys run", waiting, due)

    # ---- one sync batch ----------------------------------------------------------------

    async def _handle_sync(self, resp: SyncResponse, *, since: str | None) -> None:
        for room_id, info in resp.rooms.invite.items():
            await self.rooms.on_invite(room_id, info.invite_state)
        for room_id, joined in resp.rooms.join.items():
            for e in (*joined.state, *joined.timeline.events):
                if isinstance(e, RoomCreateEvent) and e.sender == self.client.user_id:
                    self.rooms.created_by_me.add(room_id)
            # Never in an unencrypted room; and the first sync of a new install carries old
            # history: never run it.
            if not await self.rooms.enforce_encryption(room_id) or since is None:
                continue
            events = list(joined.timeline.events)
            if joined.timeline.limited and joined.timeline.prev_batch:
                gap = await fill_gap(self.client, room_id, joined.timeline.prev_batch, since)
                events = gap + events
            for event in events:
                await self._guarded(room_id, event)
        self.undecryptable.note_withheld(resp.to_device_events)
        readable, notices = await self.undecryptable.retry()
        self.sender.enqueue(notices)
        for room_id, event in readable:
            await self._guarded(room_id, event)

    async def _guarded(self, room_id: str, event: Any) -> None:
        """Handle one event. The network's failures go up (the batch is retried); any other
        failure is logged by id and the event skipped, so one bad event never stops the bot."""
        try:
            await self._on_timeline_event(room_id, event)
        except NETWORK_ERRORS:
            raise
        except Exception:
            log.exception(
                "event skipped after an error: event=%s room=%s",
                getattr(event, "event_id", "?"),
                room_id,
            )

    async def _on_timeline_event(self, room_id: str, event: Any) -> None:
        if getattr(event, "sender", None) == self.client.user_id:
            return
        if isinstance(event, MegolmEvent):
            await self.undecryptable.hold(room_id, event)
            return
        if room_id not in self.rooms.allowed and not self.direct.is_direct(room_id):
            return
        if isinstance(event, ReactionEvent):
            # nio clients send reactions unencrypted by design; a reaction carries no
            # content, only the key, and the server vouches for its sender.
            await self._on_reaction(room_id, event)
            return
        if isinstance(event, RoomMessageNotice) or not isinstance(event, RoomMessageText):
            return
        if not getattr(event, "decrypted", False):
            # A plaintext message in an encrypted room: never act on it.
            log.info("ignoring unencrypted message event=%s", event.event_id)
            return
        await self._on_text(room_id, event)

    async def _on_text(self, room_id: str, event: RoomMessageText) -> None:
        if not self.router.is_command(event.body):
            return
        relates = (event.source.get("content") or {}).get("m.relates_to") or {}
        thread_root = relates.get("event_id") if relates.get("rel_type") == "m.thread" else None
        cmd = IncomingCommand(
            event_id=EventId(event.event_id),
            room_id=RoomId(room_id),
            sender=UserId(event.sender),
            body=event.body,
            thread_root=EventId(thread_root) if thread_root else None,
            is_direct=self.direct.is_direct(room_id),
        )
        async with self._work:
            handled = await self.router.handle(cmd, self.now())
            if handled:
                await self._after(handled)

    async def _after(self, handled: Handled) -> None:
        self.sender.enqueue(handled.outbox_ids, handled.lanes, handled.messages)
        for event_id in handled.touched_events:
            await self._rearm(event_id)

    async def _on_reaction(self, room_id: str, event: ReactionEvent) -> None:
        reaction = IncomingReaction(
            event_id=EventId(event.event_id),
            room_id=RoomId(room_id),
            sender=UserId(event.sender),
            key=event.key,
            reacts_to=event.reacts_to,
        )
        async with self._work:
            handled = await self.router.react(reaction, self.now())
            if handled:
                await self._after(handled)
        if handled and handled.retry:
            self._background(self._react_later(reaction))

    async def _react_later(self, reaction: IncomingReaction) -> None:
        """Ask again each second, for two minutes at most, until the reaction's target is
        known (a page being sent again after a restart records its event id)."""
        for _ in range(_REACTION_RETRIES):
            await asyncio.sleep(1.0)
            async with self._work:
                handled = await self.router.react(reaction, self.now())
                if handled:
                    await self._after(handled)
            if not (handled and handled.retry):
                return
        log.warning("reaction event=%s: its target never became known", reaction.event_id)

    # ---- crisis events: timers and hooks ------------------------------------------------

    async def tick(self, key: str) -> None:
        """Run every deadline source that owns `key` (a timer fired, or something changed)."""
        if not self.health.up:
            # Nothing can reach anyone now: the deadline runs when the homeserver is back,
            # once, saying how late (paging the next contact into a dead server helps nobody).
            self._deferred.add(key)
            return
        try:
            async with self._work:
                ids, wake = await run_due(self.db, DEADLINES, key, self.now())
                self.sender.enqueue(ids)
                self.timers.arm(key, wake)
        except Exception:
            log.exception("tick failed: key=%s; retrying in 5s", key)
            self.timers.arm(key, self.now() + timedelta(seconds=5))

    async def _rearm(self, event_id: str) -> None:
        self.timers.arm(event_id, self.now())

    async def _reconcile_events(self) -> None:
        started = time.monotonic()
        total, due = await self._reconcile()
        took = time.monotonic() - started
        log.info("reconciled %d keys with deadlines (%d due) in %.2fs", total, due, took)

    async def _reconcile(self, extra: set[str] | None = None) -> tuple[int, int]:
        """Start-up and after an outage: every key whose deadline has passed runs now (its
        notices say how late), the others are armed. Returns (keys, how many ran)."""
        now = self.now()
        wakeups = await next_wakeups(self.db, DEADLINES)
        for key in extra or ():
            wakeups[key] = now
        due = [k for k, when in wakeups.items() if when <= now]
        for key, when in wakeups.items():
            if when > now:
                self.timers.arm(key, when)
        for key in due:
            await self.tick(key)
        return len(wakeups), len(due)

    async def _record_sent(
        self, session: AsyncSession, record: OutboxRecord, event_id: str, room_id: str
    ) -> list[OutgoingMessage]:
        """In the transaction that marks `record` sent, what the send means (commands.SENT):
        a page's event id (what a ✅ on it acknowledges), the huddle thread's root, a
        meeting's agenda and minutes, a training's announcement."""
        kind, _, key = (record.message.ref or "").partition(":")
        hook = SENT.get(kind)
        return await hook(session, key, event_id, room_id) if hook else []

    def _background(self, coro: Coroutine[Any, Any, None]) -> None:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
