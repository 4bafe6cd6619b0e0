"""Messages the bot cannot decrypt are never met with silence, and never lost.

Such a message is kept (still encrypted) in the database, so a restart keeps waiting for its
key, and the sender's sending device is asked for the key (an m.room_key_request to it: a
client that shared the session with the bot and whose key was lost in transit sends it
again). Decryption is tried again after every sync, quietly. If a roster member's message in an
allowed room is still unreadable after `[bot] undecryptable_notice_after`, they get one
notice in reply saying that MACT could not read it and what to check.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from datetime import datetime, timedelta
from typing import Any

from nio import AsyncClient, MegolmEvent, ToDeviceResponse
from nio.exceptions import EncryptionError

from protocols.config.schema import MactConfig
from protocols.outbox import OutgoingMessage
from storage.db import Database
from storage.repositories import outbox, undecrypted

from .homeserver_health import NETWORK_ERRORS

log = logging.getLogger(__name__)

# A key that has not come in a day will not come: the message is given up (its sender was
# told long before), so that the table holds what may still be read.
GIVE_UP_AFTER = timedelta(days=1)
# Withheld-session codes kept in memory (a restart forgets them: the wait then decides).
_MAX_WITHHELD = 10_000

NOTICE = (
    "MACT could not read this message: it arrived without the key to decrypt it. Your "
    "client may have withheld the key from MACT's device (a setting that excludes "
    "unverified or insecure devices, for example): verify MACT in your client, or ask your "
    "coalition admin to check MACT's identity with 'mact keys status'. Then send it again."
)


class Undecryptable:
    def __init__(
        self,
        client: AsyncClient,
        db: Database,
        config: MactConfig,
        now: Callable[[], datetime],
        may_answer: Callable[[str], bool],
    ) -> None:
        self.client = client
        self.db = db
        self.config = config
        self.now = now
        # Whether the bot answers in a room (allow-listed, or a DM it made).
        self.may_answer = may_answer
        self._waiting: dict[str, MegolmEvent] = {}
        self._first_seen: dict[str, datetime] = {}
        self._noticed: set[str] = set()
        self._asked: set[str] = set()
        # Sessions a sender's device said it withholds from MACT (m.room_key.withheld):
        # their key will not come, so their sender is told at once.
        self._withheld: dict[str, str] = {}

    async def load(self) -> None:
        """At start-up: what was waiting before the restart waits again."""
        async with self.db.transaction() as session:
            rows = await undecrypted.all_waiting(session)
        for row in rows:
            event = MegolmEvent.from_dict(row.source)
            if isinstance(event, MegolmEvent):
                event.room_id = row.room_id
                self._waiting[row.event_id] = event
                self._first_seen[row.event_id] = row.first_seen
                if row.noticed_at is not None:
                    self._noticed.add(row.event_id)
        if rows:
            log.info("waiting for the keys of %d undecryptable events", len(rows))

    async def hold(self, room_id: str, event: MegolmEvent) -> None:
        if event.event_id in self._waiting:
            return
        source: dict[str, Any] = dict(event.source)
        now = self.now()
        async with self.db.transaction() as session:
            kept = await undecrypted.keep(
                session, event.event_id, room_id, event.sender, source, now
            )
        if kept:
            event.room_id = room_id
            self._waiting[event.event_id] = event
            self._first_seen[event.event_id] = now
            log.info("undecryptable event=%s room=%s; waiting for its key", event.event_id, room_id)
            await self._ask_sender(event)

    async def _ask_sender(self, event: MegolmEvent) -> None:
        """Once per session: nio's own request_room_key asks only the bot's other devices,
        which have no key the bot lacks. Best effort: a failure is logged, not raised."""
        if event.session_id in self._asked or not self.client.logged_in:
            return
        self._asked.add(event.session_id)
        request = event.as_key_request(
            event.sender, str(self.client.device_id), device_id=getattr(event, "device_id", None)
        )
        try:
            answer = await self.client.to_device(request)
        except NETWORK_ERRORS:
            answer = None
        if not isinstance(answer, ToDeviceResponse):
            log.info("could not ask for the key of event=%s; waiting anyway", event.event_id)

    def note_withheld(self, to_device: Iterable[Any]) -> None:
        for event in to_device:
            source = getattr(event, "source", None) or {}
            if source.get("type") != "m.room_key.withheld":
                continue
            content = source.get("content") or {}
            session_id = content.get("session_id")
            if isinstance(session_id, str) and len(self._withheld) < _MAX_WITHHELD:
                self._withheld[session_id] = str(content.get("code", "?"))[:40]
                log.info("a sender withheld session key: code=%s", self._withheld[session_id])

    async def retry(self) -> tuple[list[tuple[str, Any]], list[int]]:
        """Decrypt what now can be (returns (room id, event) pairs to handle) and notify the
        senders whose messages stayed unreadable too long (returns outbox ids to send)."""
        readable: list[tuple[str, Any]] = []
        now = self.now()
        for event_id, event in list(self._waiting.items()):
            if now - self._first_seen[event_id] > GIVE_UP_AFTER:
                log.info("gave up waiting for the key of event=%s", event_id)
                await self._forget(event_id)
                continue
            if not self._key_arrived(event):
                continue  # quietly: nio would log a warning for every attempt
            try:
                decrypted = self.client.decrypt_event(event)
            except EncryptionError:
                continue
            readable.append((event.room_id, decrypted))
            await self._forget(event_id)
        return readable, await self._notify_late()

    def _key_arrived(self, event: MegolmEvent) -> bool:
        olm = self.client.olm
        if olm is None:
            return False
        found = olm.inbound_group_store.get(event.room_id, event.sender_key, event.session_id)
        return found is not None

    async def _forget(self, event_id: str) -> None:
        self._waiting.pop(event_id, None)
        self._first_seen.pop(event_id, None)
        self._noticed.discard(event_id)
        async with self.db.transaction() as session:
            await undecrypted.forget(session, event_id)

    async def _notify_late(self) -> list[int]:
        after = self.config.bot.undecryptable_notice_after
        now = self.now()
        due = [
            e
            for e in self._waiting.values()
            if e.event_id not in self._noticed
            and self.config.roster_entry(e.sender) is not None
            and self.may_answer(e.room_id)
            and (now - self._first_seen[e.event_id] >= after or e.session_id in self._withheld)
        ]
        if not due:
            return []
        ids: list[int] = []
        async with self.db.transaction() as session:
            for event in due:
                ids.append(await outbox.enqueue(session, _notice(event), now))
                await undecrypted.mark_noticed(session, event.event_id, now)
                self._noticed.add(event.event_id)
                log.info("told the sender of undecryptable event=%s", event.event_id)
        return ids


def _notice(event: MegolmEvent) -> OutgoingMessage:
    return OutgoingMessage(
        txn_id=f"undecryptable-{event.event_id}",
        room_id=event.room_id,
        event_type="m.room.message",
        content={
            "msgtype": "m.notice",
            "body": NOTICE,
            "m.mentions": {"user_ids": [event.sender]},
            "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
        },
    )
