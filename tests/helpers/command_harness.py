"""The real router and handlers on a real SQLite file, with an injected clock: no homeserver.

`await h.say("@agrant:localhost", "!note hello", thread=root)` runs one command exactly as
the bot would (processed mark, audit, one transaction) and returns what it would send.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config_loader import read_raw
from commands import reactions, registry
from commands.kernel.router import IncomingCommand, IncomingReaction, Router
from protocols.config.checks import parse_config
from protocols.config.schema import MactConfig
from protocols.ids import EventId, RoomId, UserId
from protocols.outbox import OutgoingMessage
from storage.db import Database
from storage.repositories import outbox

EXAMPLE = Path(__file__).resolve().parents[2] / "config.example.toml"
ROOM = RoomId("!coordination:localhost")
# A Tuesday morning in the example coalition's timezone (business hours).
START = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def example_config(mutate: Any = None) -> MactConfig:
    raw, problems = read_raw(EXAMPLE)
    assert raw is not None, problems
    if mutate is not None:
        mutate(raw)
    config, problems = parse_config(raw)
    assert config is not None, problems
    return config


class AllReachable:
    """`!directory check` asks the homeserver; in-process there is none, so every contact
    is reported reachable (the check itself is tested on Synapse)."""

    async def problems(self, users: list[str]) -> dict[str, str]:
        return {}


@dataclass(frozen=True)
class Said:
    """What one command sent: its reply (if any) and every other message."""

    messages: list[OutgoingMessage]

    @property
    def replies(self) -> list[OutgoingMessage]:
        return [m for m in self.messages if m.txn_id.startswith("reply-")]

    @property
    def reply(self) -> str:
        (only,) = self.replies
        return str(only.content.get("body", ""))


class CommandHarness:
    def __init__(self, tmp: Path, config: MactConfig | None = None) -> None:
        self.config = config or example_config()
        self.db = Database(f"sqlite+aiosqlite:///{tmp / 'mact.db'}")
        self.now = START
        self.router = Router(
            self.config,
            registry(),
            self.db,
            prefix=self.config.bot.command_prefix,
            services={
                "directory": AllReachable(),
                "room_ids": {ref: ROOM for ref in self.config.coalition.coordination_rooms},
            },
            reactions=reactions(self.config),
        )
        self._ids = itertools.count(1)

    async def open(self) -> None:
        await self.db.migrate()

    async def close(self) -> None:
        await self.db.close()

    def advance(self, delta: timedelta) -> None:
        self.now += delta

    async def say(
        self, sender: str, body: str, *, thread: str | None = None, direct: bool = False
    ) -> Said:
        cmd = IncomingCommand(
            event_id=EventId(f"$cmd{next(self._ids)}"),
            room_id=ROOM,
            sender=UserId(sender),
            body=body,
            thread_root=EventId(thread) if thread else None,
            is_direct=direct,
        )
        handled = await self.router.handle(cmd, self.now)
        if handled is None:
            return Said([])
        return Said([handled.messages[i] for i in handled.outbox_ids if i in handled.messages])

    async def react(self, sender: str, reacts_to: str, key: str = "✅") -> Said:
        """A reaction, as the bot would take it; reactions never get a reply."""
        reaction = IncomingReaction(
            event_id=EventId(f"$react{next(self._ids)}"),
            room_id=ROOM,
            sender=UserId(sender),
            key=key,
            reacts_to=reacts_to,
        )
        handled = await self.router.react(reaction, self.now)
        if handled is None:
            return Said([])
        return Said([handled.messages[i] for i in handled.outbox_ids if i in handled.messages])

    async def outbox_rows(self) -> list[OutgoingMessage]:
        """Every message written so far, oldest first."""
        async with self.db.transaction() as session:
            return [r.message for r in await outbox.unsent(session, limit=10_000)]
