"""The deadline registry: each feature says which records have a deadline pending and how
to run what is due; the timer tick and the start-up reconciliation loop over the sources.

A new feature with deadlines adds its own `deadlines.py` with a `SOURCE` and names it in
`commands.DEADLINES`; neither the tick nor the bot changes. A source's keys are the ids of
its records (`CE-…` for crisis events); one key's sources run in one transaction, in the
order of the list, so what one writes the next one reads.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from protocols.outbox import OutgoingMessage
from storage.db import Database
from storage.repositories import outbox

# What a source's run returns: the messages to send and when to run again (None: nothing).
Due = tuple[list[OutgoingMessage], datetime | None]


@dataclass(frozen=True, slots=True)
class DeadlineSource:
    name: str
    # The keys this source owns start with it ('CE-' for crisis events).
    prefix: str
    # Every key with a deadline pending and when to run it next (that time or earlier, never
    # later), read in a few queries: at start-up and after an outage the keys already due run
    # and the others are armed, so 10,000 deadlines cost no 10,000 transactions.
    wakeups: Callable[[AsyncSession], Awaitable[dict[str, datetime]]]
    # Run what is due at `now` for one key, inside the caller's transaction.
    run: Callable[[AsyncSession, str, datetime], Awaitable[Due]]


async def run_due(
    db: Database, sources: Sequence[DeadlineSource], key: str, now: datetime
) -> tuple[list[int], datetime | None]:
    """Run every source that owns `key`, in one transaction. Returns the outbox ids to send
    and the key's next wakeup (None: nothing pending)."""
    async with db.transaction() as session:
        ids: list[int] = []
        wakes: list[datetime] = []
        for source in sources:
            if not key.startswith(source.prefix):
                continue
            messages, wake = await source.run(session, key, now)
            ids += [await outbox.enqueue(session, m, now) for m in messages]
            if wake is not None:
                wakes.append(wake)
    return ids, min(wakes) if wakes else None


async def next_wakeups(db: Database, sources: Sequence[DeadlineSource]) -> dict[str, datetime]:
    """Every key some source has a deadline pending for, with the earliest time to run it."""
    async with db.transaction() as session:
        found: dict[str, datetime] = {}
        for source in sources:
            for key, when in (await source.wakeups(session)).items():
                found[key] = min(when, found.get(key, when))
    return found
