"""Run the real bot against the test Synapse: in-process, or as a `mact run` process."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path
from typing import Any

import tomli_w

from bot.app import Bot
from bot.config_loader import load_config_or_raise
from bot.local_homeserver import LocalSynapse
from bot.private_files import write_private

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "config.example.toml"
_counter = itertools.count(1)


def unique(prefix: str) -> str:
    return f"{prefix}{os.getpid()}x{next(_counter)}"


def example_raw() -> dict[str, Any]:
    """The example configuration, its data dictionary named by absolute path (the test
    writes the configuration elsewhere)."""
    raw = tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))
    raw["data"]["dictionary"] = str(EXAMPLE.parent / raw["data"]["dictionary"])
    return raw


class BotHarness:
    def __init__(
        self,
        synapse: LocalSynapse,
        tmp: Path,
        *,
        roster: list[tuple[str, str, str]],
        rooms: list[str],
        mutate: Any = None,
    ) -> None:
        self.synapse = synapse
        self.tmp = tmp
        reg = synapse.register(unique("mactbot"))
        self.user_id = reg.user_id
        write_private(tmp / "bot.password", reg.password)
        raw = example_raw()
        raw["bot"] = {
            "homeserver": synapse.url,
            "user_id": reg.user_id,
            "password_file": "bot.password",
            "data_dir": "bot-data",
            "sync_timeout_ms": 5000,
        }
        raw["coalition"]["coordination_rooms"] = rooms
        raw["roster"] = [{"matrix_id": u, "agency": a, "role": r} for u, a, r in roster]
        # The example's escalation paths and protocols name its own roster and room; a test
        # that needs them sets its own in `mutate`.
        for agency in raw["agencies"]:
            agency.pop("escalation", None)
        raw.pop("protocols", None)
        if mutate is not None:
            mutate(raw)
        self.raw = raw
        self.config_path = tmp / "config.toml"
        self.write_config()
        self.bot: Bot | None = None
        self._task: asyncio.Task[None] | None = None
        self.process: subprocess.Popen[bytes] | None = None

    def write_config(self) -> None:
        self.config_path.write_text(tomli_w.dumps(self.raw), encoding="utf-8")

    @property
    def db_path(self) -> Path:
        return self.tmp / "bot-data" / "mact.db"

    async def start(self, timeout: float = 30.0) -> Bot:
        bot = Bot(load_config_or_raise(self.config_path))
        self.bot = bot
        self._task = asyncio.create_task(bot.run())
        ready = asyncio.ensure_future(bot.ready.wait())
        done, _ = await asyncio.wait(
            {self._task, ready}, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
        )
        if self._task in done:
            ready.cancel()
            self._task.result()  # raises the start-up failure
        if not bot.ready.is_set():
            raise AssertionError("bot did not become ready")
        return bot

    async def stop(self) -> None:
        if self.bot and self._task:
            self.bot.stop()
            await asyncio.wait_for(self._task, 30)
        self.bot = None
        self._task = None

    # ---- as a separate process (for SIGKILL crash tests and the CLI) -------------------

    def start_process(self) -> None:
        with open(self.tmp / "bot-process.log", "ab") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "run", "--config", str(self.config_path)],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=REPO,
            )

    def wait_process_log(self, needle: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        path = self.tmp / "bot-process.log"
        while time.monotonic() < deadline:
            if path.exists() and needle in path.read_text(encoding="utf-8", errors="replace"):
                return
            if self.process and self.process.poll() is not None:
                raise AssertionError(f"bot process exited: {path.read_text()}")
            time.sleep(0.05)
        raise AssertionError(f"'{needle}' not in bot log within {timeout}s")

    def kill_process(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)
        self.process = None

    def ensure_process_stopped(self) -> None:
        """For every exit path (a failed test or bench included): SIGTERM, then SIGKILL."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(5)

    def terminate_process(self) -> int:
        assert self.process is not None
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(30)
        self.process = None
        return code
