"""A real person's client for the tests: matrix-nio with E2EE, syncing in the background."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nio import (
    AsyncClient,
    AsyncClientConfig,
    DownloadResponse,
    InviteMemberEvent,
    JoinError,
    LoginResponse,
    MegolmEvent,
    RoomCreateResponse,
    RoomEncryptedImage,
    RoomKeyRequest,
    RoomMessageNotice,
    RoomMessageText,
    RoomSendResponse,
    SyncResponse,
)
from nio.api import Api
from nio.crypto.attachments import decrypt_attachment

from bot.local_homeserver import LocalSynapse


class Received:
    def __init__(self, room_id: str, event: Any, at: float) -> None:
        self.room_id = room_id
        self.event = event
        self.at = at

    @property
    def body(self) -> str:
        return str(getattr(self.event, "body", ""))

    @property
    def content(self) -> dict[str, Any]:
        return dict(self.event.source.get("content", {}))

    @property
    def sender(self) -> str:
        return str(self.event.sender)

    @property
    def event_id(self) -> str:
        return str(self.event.event_id)


class MatrixUser:
    def __init__(self, synapse: LocalSynapse, user_id: str, password: str, store: Path) -> None:
        self.synapse = synapse
        self.user_id = user_id
        self.password = password
        store.mkdir(parents=True, exist_ok=True)
        self.client = AsyncClient(
            synapse.url,
            user_id,
            store_path=str(store),
            config=AsyncClientConfig(encryption_enabled=True, store_sync_tokens=True),
        )
        self.received: list[Received] = []
        self.undecrypted: list[MegolmEvent] = []
        # Room key requests other users' devices sent to this one.
        self.key_requests: list[RoomKeyRequest] = []
        self._changed = asyncio.Condition()
        self._task: asyncio.Task[None] | None = None
        # Accept every invite (pages arrive in DM rooms the bot creates).
        self.auto_join = False

    @classmethod
    async def register(cls, synapse: LocalSynapse, localpart: str, tmp: Path) -> MatrixUser:
        reg = synapse.register(localpart)
        user = cls(synapse, reg.user_id, reg.password, tmp / f"store-{localpart}")
        await user.login()
        return user

    async def login(self) -> None:
        resp = await self.client.login(self.password, device_name=f"test {self.user_id}")
        assert isinstance(resp, LoginResponse), resp
        assert self.client.olm is not None

    async def start(self) -> None:
        self.client.add_event_callback(
            self._on_message, (RoomMessageText, RoomMessageNotice, RoomEncryptedImage)
        )
        self.client.add_event_callback(self._on_undecrypted, MegolmEvent)
        self.client.add_event_callback(self._on_invite, InviteMemberEvent)
        # nio hides key requests from to-device callbacks: read them off the sync.
        self.client.add_response_callback(self._on_sync, SyncResponse)
        await self.client.sync(timeout=0, full_state=True)
        self._task = asyncio.create_task(self.client.sync_forever(timeout=1000))

    async def _on_message(self, room: Any, event: Any) -> None:
        async with self._changed:
            self.received.append(Received(room.room_id, event, time.monotonic()))
            self._changed.notify_all()

    async def _on_undecrypted(self, room: Any, event: MegolmEvent) -> None:
        self.undecrypted.append(event)

    async def _on_sync(self, response: SyncResponse) -> None:
        self.key_requests += [e for e in response.to_device_events if isinstance(e, RoomKeyRequest)]

    async def _on_invite(self, room: Any, event: Any) -> None:
        if self.auto_join and event.state_key == self.user_id and event.membership == "invite":
            # A join across federation can fail while the other server warms up: retry,
            # as a person would.
            for _ in range(20):
                if not isinstance(await self.client.join(room.room_id), JoinError):
                    break
                await asyncio.sleep(0.5)
        async with self._changed:
            self._changed.notify_all()

    async def close(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self.client.close()

    # ---- actions --------------------------------------------------------------------

    async def download_decrypted(self, file: dict[str, Any]) -> bytes:
        """An encrypted attachment (an m.image's `file`), downloaded and decrypted; the
        decryption checks its SHA-256 against `file['hashes']`."""
        resp = await self.client.download(mxc=file["url"])
        assert isinstance(resp, DownloadResponse), resp
        assert isinstance(resp.body, bytes)
        plain: bytes = decrypt_attachment(
            resp.body, file["key"]["k"], file["hashes"]["sha256"], file["iv"]
        )
        return plain

    async def create_room(
        self,
        *,
        invite: list[str],
        encrypted: bool = True,
        alias: str | None = None,
        name: str = "test room",
    ) -> str:
        initial_state = (
            [
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            ]
            if encrypted
            else []
        )
        resp = await self.client.room_create(
            name=name, invite=invite, initial_state=initial_state, alias=alias
        )
        assert isinstance(resp, RoomCreateResponse), resp
        await self.wait_until(lambda: resp.room_id in self.client.rooms, what="room in sync")
        return str(resp.room_id)

    async def join(self, room_id: str) -> None:
        resp = await self.client.join(room_id)
        assert not isinstance(resp, JoinError), resp
        await self.wait_until(lambda: room_id in self.client.rooms, what="joined")

    async def send(self, room_id: str, body: str, *, thread_root: str | None = None) -> str:
        content: dict[str, Any] = {"msgtype": "m.text", "body": body}
        if thread_root:
            content["m.relates_to"] = {
                "rel_type": "m.thread",
                "event_id": thread_root,
                "is_falling_back": True,
                "m.in_reply_to": {"event_id": thread_root},
            }
        for attempt in range(3):
            try:
                resp = await self.client.room_send(
                    room_id, "m.room.message", content, ignore_unverified_devices=True
                )
                break
            except KeyError:
                # nio drops a room's outbound Megolm session when the background sync sees
                # a member join, and a share already under way then fails on the missing
                # key; the next send makes a new session, as a person's client would.
                if attempt == 2:
                    raise
                await asyncio.sleep(0.2)
        assert isinstance(resp, RoomSendResponse), resp
        return str(resp.event_id)

    async def react(self, room_id: str, event_id: str, key: str = "✅") -> str:
        resp = await self.client.room_send(
            room_id,
            "m.reaction",
            {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}},
            ignore_unverified_devices=True,
        )
        assert isinstance(resp, RoomSendResponse), resp
        return str(resp.event_id)

    async def react_encrypted(self, room_id: str, event_id: str, key: str = "✅") -> str:
        """A reaction as Element sends it: Megolm-encrypted (nio itself sends reactions in
        plaintext, so this encrypts by hand and sends the ciphertext as it is)."""
        content = {"m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": key}}
        olm = self.client.olm
        assert olm is not None
        if not self.client.rooms[room_id].members_synced:
            await self.client.joined_members(room_id)
        if olm.should_share_group_session(room_id):
            await self.client.share_group_session(room_id, ignore_unverified_devices=True)
        kind, encrypted = self.client.encrypt(room_id, "m.reaction", content)
        method, path, data = Api.room_send(
            self.client.access_token, room_id, kind, encrypted, str(uuid.uuid4())
        )
        resp = await self.client._send(RoomSendResponse, method, path, data, (room_id,))
        assert isinstance(resp, RoomSendResponse), resp
        return str(resp.event_id)

    # ---- waiting --------------------------------------------------------------------

    async def wait_until(
        self, predicate: Callable[[], bool], *, timeout: float = 15.0, what: str = "condition"
    ) -> None:
        deadline = time.monotonic() + timeout
        while not predicate():
            if time.monotonic() > deadline:
                raise AssertionError(f"{self.user_id}: timed out waiting for {what}")
            await asyncio.sleep(0.02)

    async def wait_for(
        self,
        predicate: Callable[[Received], bool],
        *,
        timeout: float = 15.0,
        what: str = "message",
        after: int = 0,
    ) -> Received:
        """The first received message (from index `after` on) matching `predicate`."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                for r in self.received[after:]:
                    if predicate(r):
                        return r
                left = deadline - time.monotonic()
                if left <= 0:
                    bodies = [m.body[:80] for m in self.received[after:]]
                    raise AssertionError(
                        f"{self.user_id}: no {what} within {timeout}s; got {bodies}"
                    )
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), left)

    async def wait_reply(self, room_id: str, to_event: str, *, timeout: float = 15.0) -> Received:
        def is_reply(r: Received) -> bool:
            rel = r.content.get("m.relates_to") or {}
            return (
                r.room_id == room_id
                and (rel.get("m.in_reply_to") or {}).get("event_id") == to_event
            )

        return await self.wait_for(is_reply, timeout=timeout, what=f"reply to {to_event}")

    def replies_to(self, to_event: str) -> list[Received]:
        return [
            r
            for r in self.received
            if ((r.content.get("m.relates_to") or {}).get("m.in_reply_to") or {}).get("event_id")
            == to_event
        ]

    async def wait_knows_devices_of(self, user_id: str, room_id: str) -> None:
        """Before sending, our client must know the other side's devices, or it cannot
        share the room key with them."""

        def known() -> bool:
            room = self.client.rooms.get(room_id)
            return (
                room is not None
                and user_id in room.users
                and bool(list(self.client.device_store.active_user_devices(user_id)))
            )

        await self.wait_until(known, what=f"devices of {user_id} in {room_id}")

    # ---- raw client-server API, to see what the server stored ------------------------

    def raw_event(self, room_id: str, event_id: str) -> dict[str, Any]:
        path = (
            f"/_matrix/client/v3/rooms/{urllib.parse.quote(room_id)}/event/"
            f"{urllib.parse.quote(event_id)}"
        )
        req = urllib.request.Request(self.synapse.url + path)
        req.add_header("Authorization", f"Bearer {self.client.access_token}")
        with urllib.request.urlopen(req, timeout=10) as r:
            result: dict[str, Any] = json.loads(r.read())
            return result

    def raw_state(self, room_id: str) -> list[dict[str, Any]]:
        path = f"/_matrix/client/v3/rooms/{urllib.parse.quote(room_id)}/state"
        req = urllib.request.Request(self.synapse.url + path)
        req.add_header("Authorization", f"Bearer {self.client.access_token}")
        with urllib.request.urlopen(req, timeout=10) as r:
            result: list[dict[str, Any]] = json.loads(r.read())
            return result
