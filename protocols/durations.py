"""Durations as people type them ('90s', '5m', '1h30m') and as notices show them ('2m14s')."""

from __future__ import annotations

import re
from datetime import timedelta

# ASCII digits only (`\d` would also take other scripts' digits), at most six per part.
_PART = re.compile(r"(\d{1,6})\s*([dhms])", re.ASCII)
_WHOLE = re.compile(r"^\s*(?:\d{1,6}\s*[dhms]\s*)+$", re.ASCII)
# No duration MACT deals in (ack windows, due times, cadences, grace) is longer than this;
# a larger one is a typo, and would overflow date arithmetic.
MAX_DURATION = timedelta(days=400)
_UNIT = {"d": 86400, "h": 3600, "m": 60, "s": 1}


def parse_duration(text: str) -> timedelta:
    """Parse '90s', '5m', '1h30m', '2d'. Raises ValueError naming the accepted forms."""
    if len(text) > 40 or not _WHOLE.match(text.lower()):
        raise ValueError(f"'{text[:20]}' is not a duration (use forms like 90s, 5m, 1h30m, 2d)")
    seconds = sum(int(n) * _UNIT[u] for n, u in _PART.findall(text.lower()))
    if seconds > MAX_DURATION.total_seconds():
        raise ValueError(f"'{text[:20]}' is too long a duration (at most {MAX_DURATION.days}d)")
    return timedelta(seconds=seconds)


def format_duration(delta: timedelta) -> str:
    """'2m14s', '1h05m', '45s', '3d2h'; negative deltas are shown as their size."""
    total = int(abs(delta).total_seconds())
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, seconds = divmod(rest, 60)
    if days:
        return f"{days}d{hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h{minutes:02d}m"
    if minutes:
        return f"{minutes}m{seconds:02d}s"
    return f"{seconds}s"
