"""Whether the homeserver answers, and how long it did not.

The sync loop is the judge (and login, before it runs): a failed sync starts an outage,
the next good one ends it. The sender and the timers ask here before trying, so an outage is
logged once when it starts and once when it ends, never per attempt; a send that fails for
the network on its own is retried without counting against the message.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import aiohttp

from protocols.durations import format_duration

log = logging.getLogger(__name__)

# What a request raises when the homeserver cannot be reached, or answers with something
# that is not the Matrix API (a proxy's error page): retried, never fatal.
NETWORK_ERRORS: tuple[type[BaseException], ...] = (
    aiohttp.ClientError,
    OSError,
    TimeoutError,
    json.JSONDecodeError,
)


@dataclass(frozen=True, slots=True)
class Outage:
    started_at: datetime
    ended_at: datetime | None
    # What failed first (an operation name and an error class, never a message).
    cause: str

    def duration(self, now: datetime) -> str:
        return format_duration((self.ended_at or now) - self.started_at)


class HomeserverHealth:
    def __init__(self, now: Callable[[], datetime]) -> None:
        self.now = now
        self.current: Outage | None = None
        self.last: Outage | None = None
        self._failures = 0

    @property
    def up(self) -> bool:
        return self.current is None

    def failed(self, operation: str, err: BaseException | str) -> None:
        """Record a request that could not reach the homeserver (an exception, or the
        status it answered with); logs only the first of an outage."""
        self._failures += 1
        if self.current is None:
            cause = f"{operation}: {err if isinstance(err, str) else type(err).__name__}"
            self.current = Outage(self.now(), None, cause)
            log.warning("homeserver unreachable (%s); retrying with backoff", cause)

    def reachable(self) -> Outage | None:
        """A request succeeded. Returns the outage this ends, if one was going on."""
        ended = self.current
        if ended is None:
            return None
        self.last = Outage(ended.started_at, self.now(), ended.cause)
        self.current = None
        log.warning(
            "homeserver reachable again after %s (%d failed requests meanwhile)",
            self.last.duration(self.now()),
            self._failures,
        )
        self._failures = 0
        return self.last

    def describe(self, now: datetime) -> str | None:
        """One line for !status, or None if there was no outage since the bot started."""
        if self.current is not None:
            return (
                f"Homeserver: unreachable for {self.current.duration(now)} (since "
                f"{self.current.started_at:%H:%M:%S} UTC); messages wait and deadlines run "
                "when it is back."
            )
        if self.last is not None and self.last.ended_at is not None:
            return (
                f"Homeserver: last unreachable {self.last.started_at:%H:%M:%S}–"
                f"{self.last.ended_at:%H:%M:%S} UTC ({self.last.duration(now)})."
            )
        return None


class Backoff:
    """Capped exponential backoff: 0.5 s, 1 s, 2 s … up to `cap`; `reset()` after a success.

    The cap is short: a try against a stopped homeserver costs one refused connection, and
    pages wait on the bot noticing that the homeserver is back."""

    def __init__(self, first: float = 0.5, cap: float = 5.0) -> None:
        self.first = first
        self.cap = cap
        self._next = first

    def next(self) -> float:
        delay = self._next
        self._next = min(self._next * 2, self.cap)
        return delay

    def reset(self) -> None:
        self._next = self.first
