"""A bench's world: a Synapse, test users, MACT as its own process and a coordination room,
all stopped on every exit path (a failure included)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.local_homeserver import LocalSynapse
from tests.helpers.bot_harness import BotHarness
from tests.helpers.matrix_user import MatrixUser


@dataclass
class Rig:
    synapse: LocalSynapse
    harness: BotHarness
    users: dict[str, MatrixUser]
    room: str


def shelter_coalition(users: dict[str, MatrixUser], alias: str, protocol: dict[str, Any]) -> Any:
    """One agency, SHELTER: `s1` its primary and `s2` (if any) its backup; `front` a
    frontline member and `coord` a coordinator; `protocol` with its communication room."""

    def contact(name: str) -> dict[str, str]:
        return {"name": name, "role": "Staff", "matrix_id": users[name].user_id}

    def mutate(raw: dict[str, Any]) -> None:
        agency: dict[str, Any] = {
            "code": "SHELTER",
            "name": "Shelter",
            "kind": "shelter",
            "after_hours": "on call",
            "primary": contact("s1"),
        }
        if "s2" in users:
            agency["backup"] = contact("s2")
        raw["agencies"] = [agency]
        raw["roster"] = [
            {"matrix_id": users["front"].user_id, "agency": "SHELTER", "role": "frontline"},
            {"matrix_id": users["coord"].user_id, "agency": "SHELTER", "role": "coordinator"},
        ]
        raw["protocols"] = [
            {
                "version": 1,
                "default_lead": "SHELTER",
                "criteria": [{"code": "GO", "description": "go"}],
                "communication": {"room": alias},
                **protocol,
            }
        ]

    return mutate


@asynccontextmanager
async def shelter_rig(
    tmp: Path, names: tuple[str, ...], protocol: dict[str, Any]
) -> AsyncIterator[Rig]:
    """Everything started, the bot ready and `front` sharing a room with it; everything
    stopped when the block ends, however it ends."""
    synapse = LocalSynapse(tmp / "synapse")
    synapse.start()
    users: dict[str, MatrixUser] = {}
    harness: BotHarness | None = None
    try:
        for name in names:
            user = await MatrixUser.register(synapse, f"bench{name}", tmp)
            # Clients retry at most every second: what is measured is the bot, not a
            # client's backoff after an outage.
            user.client.config = dataclasses.replace(
                user.client.config, max_timeout_retry_wait_time=1.0
            )
            user.auto_join = True
            await user.start()
            users[name] = user
        local = f"bench{protocol['id']}"
        alias = f"#{local}:localhost"
        harness = BotHarness(
            synapse, tmp, roster=[], rooms=[alias], mutate=shelter_coalition(users, alias, protocol)
        )
        harness.start_process()
        harness.wait_process_log("ready:")
        room = await users["front"].create_room(invite=[harness.user_id], alias=local)
        await users["front"].wait_knows_devices_of(harness.user_id, room)
        yield Rig(synapse, harness, users, room)
    finally:
        if harness is not None:
            harness.ensure_process_stopped()
        for u in users.values():
            await u.close()
        synapse.stop()
