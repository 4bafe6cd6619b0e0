"""Encrypted !ping → reply round trip: MACT against a bare matrix-nio echo bot.

One local Synapse, one run, commands interleaved (MACT, echo, MACT, …) so both see the same
machine noise; each bot runs as its own process, as in production, away from the measuring
client's event loop. Prints p50/p95 for both and the ratio. Target: MACT p50 <= 1.15 x echo
p50.

    .venv/bin/python -m bench.latency [--rounds 50]
"""

from __future__ import annotations

import argparse
import logging
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.echo_bot import start_echo
from bench.guard import run_guarded
from bench.stats import percentile, summary
from bot.local_homeserver import LocalSynapse
from tests.helpers.bot_harness import BotHarness
from tests.helpers.matrix_user import MatrixUser


async def round_trip(user: MatrixUser, room_id: str) -> float:
    start = time.perf_counter()
    event_id = await user.send(room_id, "!ping")
    await user.wait_reply(room_id, event_id, timeout=30)
    return (time.perf_counter() - start) * 1000


async def run(rounds: int, warmup: int) -> None:
    with tempfile.TemporaryDirectory(prefix="mact-bench-") as tmp_name:
        tmp = Path(tmp_name)
        synapse = LocalSynapse(tmp / "synapse")
        synapse.start()
        harness: BotHarness | None = None
        echo: Any = None
        try:
            user = await MatrixUser.register(synapse, "benchuser", tmp)
            await user.start()
            harness = BotHarness(
                synapse,
                tmp,
                roster=[(user.user_id, "HOTLINE", "frontline")],
                rooms=["#benchmact:localhost"],
            )
            harness.raw["bot"]["sync_timeout_ms"] = 30000
            harness.write_config()
            harness.start_process()
            harness.wait_process_log("ready:")
            echo_reg = synapse.register("benchecho")
            echo = start_echo(synapse.url, echo_reg.user_id, echo_reg.password, tmp)

            mact_room = await user.create_room(invite=[harness.user_id], alias="benchmact")
            echo_room = await user.create_room(invite=[echo_reg.user_id])
            await user.wait_knows_devices_of(harness.user_id, mact_room)
            await user.wait_knows_devices_of(echo_reg.user_id, echo_room)

            mact: list[float] = []
            bare: list[float] = []
            for i in range(warmup + rounds):
                m = await round_trip(user, mact_room)
                b = await round_trip(user, echo_room)
                if i >= warmup:
                    mact.append(m)
                    bare.append(b)
            print(
                f"encrypted !ping round trip, {rounds} rounds after {warmup} warm-up, interleaved"
            )
            print(summary("bare nio echo bot", bare))
            print(summary("MACT", mact))
            ratio = percentile(mact, 50) / percentile(bare, 50)
            print(
                f"ratio p50 MACT/bare = {ratio:.3f}  (target <= 1.15)  "
                f"p95 ratio = {percentile(mact, 95) / percentile(bare, 95):.3f}"
            )
            await user.close()
        finally:
            # Every exit path, a failure included: no bot, echo bot or Synapse is left behind.
            if echo is not None and echo.poll() is None:
                echo.terminate()
                echo.wait(10)
            if harness is not None:
                harness.ensure_process_stopped()
            synapse.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    run_guarded(run(args.rounds, args.warmup))


if __name__ == "__main__":
    main()
