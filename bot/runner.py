"""Run a Bot until SIGINT/SIGTERM, then stop cleanly."""

from __future__ import annotations

import asyncio
import signal

from .app import Bot


async def run_until_signalled(bot: Bot, extra_stop: asyncio.Event | None = None) -> None:
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, bot.stop)
    try:
        await bot.run()
    finally:
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
