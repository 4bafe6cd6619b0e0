"""The floor for latency figures: a bare matrix-nio E2EE bot that answers !ping with pong.

Same homeserver, same encryption, no database, no roster, no audit.
"""

from __future__ import annotations

import asyncio
import contextlib
import subprocess
import sys
from pathlib import Path
from typing import Any

from nio import AsyncClient, AsyncClientConfig, InviteMemberEvent, LoginResponse, RoomMessageText


class EchoBot:
    def __init__(self, homeserver: str, user_id: str, password: str, store: Path) -> None:
        store.mkdir(parents=True, exist_ok=True)
        self.client = AsyncClient(
            homeserver,
            user_id,
            store_path=str(store),
            config=AsyncClientConfig(encryption_enabled=True),
        )
        self.password = password
        self._task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        resp = await self.client.login(self.password, device_name="echo bot")
        assert isinstance(resp, LoginResponse), resp
        self.client.add_event_callback(self._on_invite, InviteMemberEvent)
        self.client.add_event_callback(self._on_text, RoomMessageText)
        await self.client.sync(timeout=0, full_state=True)
        self._task = asyncio.create_task(self.client.sync_forever(timeout=30000))

    async def _on_invite(self, room: Any, event: InviteMemberEvent) -> None:
        if event.state_key == self.client.user_id and event.membership == "invite":
            await self.client.join(room.room_id)

    async def _on_text(self, room: Any, event: RoomMessageText) -> None:
        if event.sender == self.client.user_id or event.body.strip() != "!ping":
            return
        await self.client.room_send(
            room.room_id,
            "m.room.message",
            {
                "msgtype": "m.notice",
                "body": "pong",
                "m.relates_to": {"m.in_reply_to": {"event_id": event.event_id}},
            },
            ignore_unverified_devices=True,
        )

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
        await self.client.close()


def start_echo(url: str, user: str, password: str, tmp: Path) -> subprocess.Popen[bytes]:
    """Start the echo bot as its own process; returns once it has synced."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.echo_bot", url, user, password, str(tmp / "echo-store")],
        stdout=subprocess.PIPE,
    )
    assert proc.stdout is not None
    assert proc.stdout.readline().strip() == b"echo ready"
    return proc


def main() -> None:
    """Run the echo bot as its own process, as MACT runs: `python -m bench.echo_bot URL USER
    PASSWORD STORE`. Prints 'echo ready' once it syncs."""
    url, user, password, store = sys.argv[1:5]

    async def run() -> None:
        bot = EchoBot(url, user, password, Path(store))
        await bot.start()
        print("echo ready", flush=True)
        await asyncio.Event().wait()

    asyncio.run(run())


if __name__ == "__main__":
    main()
