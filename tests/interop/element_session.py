"""Drive element_client.mjs (a matrix-js-sdk client with Rust crypto) from a test.

The Node process lives for the test: it is started by `async with ElementSession(...)` and
stopped on every way out of the block, failures included (and it exits by itself when its
stdin closes, should the test process die)."""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any

HERE = Path(__file__).parent

Record = dict[str, Any]


class ElementSession:
    def __init__(self, homeserver: str, user_id: str, password: str, mode: str) -> None:
        self.args = {
            "homeserver": homeserver,
            "userId": user_id,
            "password": password,
            "mode": mode,
        }
        self.user_id = user_id
        self.device_id = ""
        self.records: list[Record] = []
        self._proc: asyncio.subprocess.Process | None = None
        self._reader: asyncio.Task[None] | None = None
        self._changed = asyncio.Event()
        self._ids = itertools.count(1)
        self._stderr: list[str] = []

    async def __aenter__(self) -> ElementSession:
        self._proc = await asyncio.create_subprocess_exec(
            "node",
            str(HERE / "element_client.mjs"),
            json.dumps(self.args),
            cwd=HERE,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            limit=1 << 22,
        )
        self._reader = asyncio.create_task(self._read())
        try:
            ready = await self.wait_for(lambda r: r["type"] == "ready", timeout=60, what="ready")
        except BaseException:
            await self._stop()
            raise
        self.device_id = ready["deviceId"]
        return self

    async def __aexit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._stop()

    async def _stop(self) -> None:
        proc = self._proc
        if proc is None:
            return
        if proc.returncode is None:
            with contextlib.suppress(Exception):
                assert proc.stdin is not None
                proc.stdin.write(b'{"op": "stop"}\n')
                await proc.stdin.drain()
            try:
                await asyncio.wait_for(proc.wait(), 5)
            except TimeoutError:
                proc.kill()
                await proc.wait()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._reader

    async def _read(self) -> None:
        proc = self._proc
        assert proc is not None and proc.stdout is not None and proc.stderr is not None
        stderr = proc.stderr

        async def drain_stderr() -> None:
            async for line in stderr:
                self._stderr.append(line.decode(errors="replace"))

        drain = asyncio.create_task(drain_stderr())
        try:
            async for raw in proc.stdout:
                line = raw.decode(errors="replace").strip()
                if not line.startswith("{"):
                    continue
                # The Rust crypto layer logs JSON-looking lines too: ours carry a "type".
                with contextlib.suppress(ValueError):
                    record = json.loads(line)
                    if isinstance(record, dict) and "type" in record:
                        self.records.append(record)
                        self._changed.set()
        finally:
            drain.cancel()
            self._changed.set()

    async def wait_for(
        self, predicate: Callable[[Record], bool], *, timeout: float = 30.0, what: str = "record"
    ) -> Record:
        deadline = time.monotonic() + timeout
        while True:
            for record in self.records:
                if predicate(record):
                    return record
            exited = self._proc is not None and self._proc.returncode is not None
            left = deadline - time.monotonic()
            if left <= 0 or exited:
                seen = [(r["type"], str(r.get("body"))[:60]) for r in self.records]
                raise AssertionError(
                    f"{self.user_id}: no {what} within {timeout}s; got {seen}; "
                    f"stderr: {''.join(self._stderr)[-1500:]}"
                )
            self._changed.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._changed.wait(), min(left, 0.5))

    async def request(self, op: str, **fields: Any) -> Record:
        """Ask the client to do one thing; returns its "done" record, or raises its error."""
        proc = self._proc
        assert proc is not None and proc.stdin is not None
        request_id = next(self._ids)
        proc.stdin.write((json.dumps({"id": request_id, "op": op, **fields}) + "\n").encode())
        await proc.stdin.drain()
        done = await self.wait_for(
            lambda r: r["type"] == "done" and r["id"] == request_id, what=f"{op} done"
        )
        assert "error" not in done, done
        return done

    async def send(self, room_id: str, body: str) -> str:
        return str((await self.request("send", roomId=room_id, body=body))["eventId"])

    async def react(self, room_id: str, event_id: str, key: str) -> Record:
        """An encrypted reaction; the record has its event id and its type as stored."""
        return await self.request("react", roomId=room_id, eventId=event_id, key=key)

    async def join(self, room_id: str) -> None:
        await self.request("join", roomId=room_id)

    async def wait_message(
        self, predicate: Callable[[Record], bool], *, timeout: float = 30.0, what: str = "message"
    ) -> Record:
        return await self.wait_for(
            lambda r: r["type"] == "message" and predicate(r), timeout=timeout, what=what
        )
