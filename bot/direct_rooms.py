"""Encrypted direct-message rooms with contacts: created once, marked as direct, reused."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.parse
from collections.abc import Callable
from datetime import datetime

from nio import AsyncClient, RoomCreateError, RoomInviteError, RoomPreset

from protocols.ids import server_of
from storage.db import Database
from storage.repositories import direct_rooms

from .sender_errors import NotEncrypted, RecipientUnreachable

log = logging.getLogger(__name__)

DM_NAME = "MACT pages"
ENCRYPTION_STATE = {
    "type": "m.room.encryption",
    "state_key": "",
    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
}


class DirectRooms:
    def __init__(self, client: AsyncClient, db: Database, now: Callable[[], datetime]) -> None:
        self.client = client
        self.db = db
        self.now = now
        self.known: dict[str, str] = {}  # room id -> user id
        self.room_of: dict[str, str] = {}  # user id -> room id, for rooms in use
        self._lock = asyncio.Lock()

    async def load(self) -> None:
        async with self.db.transaction() as session:
            self.known = await direct_rooms.all_rooms(session)

    def is_direct(self, room_id: str) -> bool:
        return room_id in self.known

    def _usable(self, room_id: str, user_id: str) -> bool:
        room = self.client.rooms.get(room_id)
        return room is not None and room.encrypted and user_id in room.users

    async def room_for(self, user_id: str, wait_s: float = 15.0) -> str:
        """The encrypted DM room with `user_id`, creating it if needed.

        Raises NotEncrypted if no encrypted room could be had (never a plaintext fallback),
        RecipientUnreachable while a user on another server has not joined it yet.
        """
        room_id = await self._room_for(user_id, wait_s)
        await self._joined_if_remote(room_id, user_id)
        return room_id

    async def _joined_if_remote(self, room_id: str, user_id: str, wait_s: float = 2.0) -> None:
        """A homeserver receives a room's events only once one of its users has joined: a
        page sent to a remote contact who is only invited never reaches their server (they
        would find it only by scrolling back, with no notification). So it waits for their
        join; their client shows the invite meanwhile, and the ack window runs regardless."""
        if server_of(user_id) == server_of(self.client.user_id):
            return
        deadline = time.monotonic() + wait_s
        while not self._joined(room_id, user_id):
            if time.monotonic() > deadline:
                raise RecipientUnreachable(f"{user_id} has not joined the DM yet")
            await asyncio.sleep(0.05)

    def _joined(self, room_id: str, user_id: str) -> bool:
        room = self.client.rooms.get(room_id)
        return room is not None and user_id in room.users and user_id not in room.invited_users

    async def _room_for(self, user_id: str, wait_s: float) -> str:
        existing = self.room_of.get(user_id)
        if existing and self._usable(existing, user_id):
            return existing
        async with self._lock:
            async with self.db.transaction() as session:
                existing = await direct_rooms.get(session, user_id)
            if existing and self._usable(existing, user_id):
                self.room_of[user_id] = existing
                return existing
            if existing and self._ours(existing):
                # Recorded, but its invite never got through (their server was down), or
                # they left: invite them again rather than open a second room.
                await self._invite(existing, user_id, wait_s)
                self.room_of[user_id] = existing
                return existing
            # Created before a crash that came before it was recorded: the homeserver knows
            # it even though the database does not. Adopt it rather than make a second one.
            found = self._created_earlier(user_id)
            if found is not None:
                log.info("adopting an unrecorded DM room=%s", found)
                await self._record(user_id, found)
                return found
            # Created empty, recorded, then the invite: an invite to a server that is down
            # fails after the room exists, and must not leave a room behind per retry.
            resp = await self.client.room_create(
                is_direct=True,
                preset=RoomPreset.trusted_private_chat,
                initial_state=[ENCRYPTION_STATE],
                name=DM_NAME,
                topic="Pages from MACT. Answer with !ack, a ✅ reaction, or !unavailable.",
            )
            if isinstance(resp, RoomCreateError):
                raise NotEncrypted(f"could not create a DM with {user_id}: {resp.status_code}")
            room_id = str(resp.room_id)
            # The sync loop brings the new room's state; sending before it arrives fails.
            await self._wait_until(lambda: self._ours(room_id), wait_s, room_id, user_id)
            await self._record(user_id, room_id)
            log.info("created DM room=%s", room_id)
            await self._invite(room_id, user_id, wait_s)
            return room_id

    def _ours(self, room_id: str) -> bool:
        room = self.client.rooms.get(room_id)
        return room is not None and room.encrypted

    async def _invite(self, room_id: str, user_id: str, wait_s: float) -> None:
        """Raises RecipientUnreachable if their server did not answer (the page waits and
        is retried, like a network failure), NotEncrypted if the invite was refused."""
        resp = await self.client.room_invite(room_id, user_id)
        if isinstance(resp, RoomInviteError):
            http = resp.transport_response.status if resp.transport_response else 0
            if http >= 500:  # the bot's homeserver could not reach theirs
                raise RecipientUnreachable(f"{server_of(user_id)} did not answer the invite")
            if user_id not in self.client.rooms[room_id].users:
                raise NotEncrypted(f"could not invite {user_id}: {resp.status_code}")
        await self._wait_until(lambda: self._usable(room_id, user_id), wait_s, room_id, user_id)

    async def _wait_until(
        self, ready: Callable[[], bool], wait_s: float, room_id: str, user_id: str
    ) -> None:
        deadline = time.monotonic() + wait_s
        while not ready():
            if time.monotonic() > deadline:
                raise NotEncrypted(f"the DM {room_id} with {user_id} is not ready")
            await asyncio.sleep(0.05)

    async def _record(self, user_id: str, room_id: str) -> None:
        await self._mark_direct(user_id, room_id)
        async with self.db.transaction() as session:
            await direct_rooms.put(session, user_id, room_id, self.now())
        self.known[room_id] = user_id
        self.room_of[user_id] = room_id

    def _created_earlier(self, user_id: str) -> str | None:
        """An encrypted room this bot created as a DM with `user_id` alone, or None. The bot
        joins no room it was invited to off its allow-list, so a joined room of its own name
        with just the two of them is one it created."""
        me = self.client.user_id
        for room_id, room in self.client.rooms.items():
            if (
                room.name == DM_NAME
                and room.encrypted
                and set(room.users) == {me, user_id}
                and room_id not in self.known
            ):
                return str(room_id)
        return None

    async def _mark_direct(self, user_id: str, room_id: str) -> None:
        """Add the room to the bot's m.direct account data (clients show it as a DM)."""
        me = urllib.parse.quote(self.client.user_id)
        path = f"/_matrix/client/v3/user/{me}/account_data/m.direct"
        headers = {"Authorization": f"Bearer {self.client.access_token}"}
        current: dict[str, list[str]] = {}
        resp = await self.client.send("GET", path, headers=headers)
        if resp.status == 200:
            current = await resp.json()
        rooms = current.setdefault(user_id, [])
        if room_id not in rooms:
            rooms.append(room_id)
        put = await self.client.send(
            "PUT",
            path,
            data=json.dumps(current),
            headers={**headers, "Content-Type": "application/json"},
        )
        if put.status != 200:
            log.warning("could not update m.direct: status=%s", put.status)
