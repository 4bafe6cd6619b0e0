"""Run a bench so that its `finally` blocks run on SIGTERM and SIGHUP too, not only on
success, an exception or Ctrl-C: a bench that starts Synapse and bots must stop them on
every exit path (an orphaned bot once ran for 39 minutes after a failed bench)."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Coroutine
from typing import Any


def run_guarded(main: Coroutine[Any, Any, None]) -> None:
    async def guarded() -> None:
        task = asyncio.current_task()
        assert task is not None
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGHUP):
            loop.add_signal_handler(sig, task.cancel)
        await main

    try:
        asyncio.run(guarded())
    except asyncio.CancelledError:
        sys.exit(143)
