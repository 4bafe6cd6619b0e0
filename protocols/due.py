"""Due times as people type them in the huddle, read in the coalition's timezone.

Accepted: a duration from now (`30m`, `2h`, `1h30m`), a time today (`15:30`), `tomorrow
09:00`, or ISO 8601 (`2026-12-02T09:00`, with or without an offset; without one it is
local time). Wall-clock times go through the timezone's rules, so a due time across a DST
change is the local time people meant.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from protocols.durations import format_duration, parse_duration
from protocols.errors import UserError

_CLOCK = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$", re.ASCII)
_DURATION = re.compile(r"^(?:\d+[dhms])+$", re.IGNORECASE | re.ASCII)
# The longest due time anyone types ('2026-12-02T09:00:00.000000+05:30' is 32).
_MAX_LENGTH = 40
# A due time more than this far ahead is almost certainly a typo.
MAX_AHEAD = timedelta(days=366)
FORMS = "30m, 2h, 15:30, tomorrow 09:00 or 2026-12-02T09:00"


def take_due(text: str) -> tuple[str, str]:
    """Split `text` into the due time's words and the rest: `tomorrow 09:00 call back`
    gives ('tomorrow 09:00', 'call back'); every other form is one word."""
    words = text.strip().split(maxsplit=2)
    if not words:
        return "", ""
    if words[0].lower() == "tomorrow" and len(words) > 1:
        return f"{words[0]} {words[1]}", words[2] if len(words) > 2 else ""
    return words[0], text.strip()[len(words[0]) :].strip()


def parse_due(text: str, now: datetime, tz: str) -> datetime:
    """The moment `text` means, in UTC. Raises UserError if it is not one of the accepted
    forms, names a local time that does not exist (a DST gap), or is not in the future.
    A local time that occurs twice (DST ends) is its first occurrence."""
    zone = ZoneInfo(tz)
    raw = text.strip()
    if len(raw) > _MAX_LENGTH:
        raise UserError(f"'{raw[:20]}…' is not a due time (use {FORMS}).")
    lowered = raw.lower()
    try:
        return _parse(raw, lowered, now, zone, tz)
    except OverflowError:
        # A date at the edge of the calendar (year 9999 with a negative offset, say).
        raise UserError(f"'{raw}' is more than a year away.") from None


def _parse(raw: str, lowered: str, now: datetime, zone: ZoneInfo, tz: str) -> datetime:
    if _DURATION.match(lowered):
        try:
            delta = parse_duration(lowered)
        except ValueError as err:
            raise UserError(f"{err}.") from None
        if delta <= timedelta(0):
            raise UserError(f"'{raw}' is not in the future.")
        return _checked(now + delta, now, raw)
    if _CLOCK.match(lowered):
        today = now.astimezone(zone).date()
        due = _local(today, _clock(lowered), zone, raw)
        if due <= now:
            raise UserError(
                f"{raw} has already passed today ({tz}); say 'tomorrow {raw}' or give a date."
            )
        return due
    if lowered.startswith("tomorrow "):
        clock = lowered.removeprefix("tomorrow ").strip()
        if not _CLOCK.match(clock):
            raise UserError(f"'{raw}' is not a due time (use {FORMS}).")
        tomorrow = now.astimezone(zone).date() + timedelta(days=1)
        return _checked(_local(tomorrow, _clock(clock), zone, raw), now, raw)
    try:
        parsed = datetime.fromisoformat(raw) if raw.isascii() else None
    except ValueError:
        parsed = None
    if parsed is None:
        raise UserError(f"'{raw[:40]}' is not a due time (use {FORMS}).")
    if parsed.year > now.year + 1:
        raise UserError(f"'{raw}' is more than a year away.")
    if parsed.year < now.year - 1:
        raise UserError(f"'{raw}' is not in the future.")
    if "T" not in raw.upper() and " " not in raw:
        raise UserError(f"'{raw}' has no time of day; add one, as in {raw}T09:00.")
    if parsed.tzinfo is None:
        due = _local(parsed.date(), parsed.time(), zone, raw)
    else:
        due = parsed.astimezone(UTC)
    return _checked(due, now, raw)


def _clock(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def _local(day: date, clock: time, zone: ZoneInfo, raw: str) -> datetime:
    wall = datetime.combine(day, clock)
    aware = wall.replace(tzinfo=zone, fold=0)
    utc = aware.astimezone(UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != wall:
        raise UserError(
            f"{raw} does not exist in {zone.key} on {day.isoformat()}: the clocks go forward "
            "then. Pick a time after the change."
        )
    return utc


def _checked(due: datetime, now: datetime, raw: str) -> datetime:
    if due <= now:
        raise UserError(f"'{raw}' is not in the future.")
    if due - now > MAX_AHEAD:
        raise UserError(f"'{raw}' is more than a year away.")
    return due


def describe_due(due: datetime, now: datetime, tz: str) -> str:
    """'15:30 (in 25m00s)', 'overdue by 5m00s (was 15:30)', or with the day when it is not
    today: 'Wed 2 Dec 09:00 (in 14h20m)'."""
    zone = ZoneInfo(tz)
    local = due.astimezone(zone)
    if local.date() == now.astimezone(zone).date():
        when = f"{local:%H:%M}"
    else:
        when = f"{local:%a} {local.day} {local:%b %H:%M}"
    if due > now:
        return f"{when} (in {format_duration(due - now)})"
    if now - due < timedelta(seconds=1):
        return f"due now ({when})"
    return f"overdue by {format_duration(now - due)} (was due {when})"
