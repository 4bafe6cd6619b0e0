"""What the huddle says about its check-ins."""

from __future__ import annotations

from datetime import datetime

from protocols.due import describe_due
from protocols.huddle.checkins import Checkin, awaiting, scheduled


def checkin_state(found: list[Checkin], now: datetime, tz: str, prefix: str) -> list[str]:
    """One sentence each: the check-in waiting to be recorded, and the next one."""
    lines: list[str] = []
    waiting = awaiting(found)
    if waiting is not None:
        lines.append(
            f"Check-in #{waiting.number} is waiting for updates; record it with "
            f"{prefix}checkin done."
        )
    nxt = scheduled(found)
    if nxt is not None:
        lines.append(f"Next check-in #{nxt.number}: {describe_due(nxt.due, now, tz)}.")
    return lines or [f"No check-in is set. Set one with {prefix}checkin <when>."]
