"""A meeting series' recurrence as an RFC 5545 rule, expanded with dateutil on the
coalition's wall clock: a 10:00 meeting stays at 10:00 across a DST change, and 'monthly'
is the same weekday of the month (the second Tuesday), which never falls off a month's end
the way 'the 31st' would."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr

from protocols.errors import UserError

SHORTHANDS = ("weekly", "biweekly", "monthly", "quarterly")
_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
_ALLOWED_FREQ = {"DAILY", "WEEKLY", "MONTHLY", "YEARLY"}
_MAX = 520  # ten years of weekly meetings: more is a typo
_WHEN = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)$")


def parse_when(text: str, timezone: str) -> datetime:
    """'2026-12-08 10:00' (seconds allowed: 10:00:30) on the coalition's wall clock, as an
    aware local datetime."""
    m = _WHEN.match(text.strip())
    try:
        if m is None:
            raise ValueError
        clock = m[2] if len(m[2].split(":")[0]) == 2 else f"0{m[2]}"
        naive = datetime.fromisoformat(f"{m[1]} {clock}")
    except ValueError:
        raise UserError(f"'{text[:24]}' is not a date and time: say YYYY-MM-DD HH:MM.") from None
    return naive.replace(tzinfo=ZoneInfo(timezone))


def _weekday_of_month(start: datetime) -> str:
    n = (start.day - 1) // 7 + 1
    # The fifth Tuesday exists in some months only: the last Tuesday is what people mean.
    position = -1 if n == 5 else n
    return f"{position:+d}{_DAYS[start.weekday()]}"


def rule_for(every: str, start: datetime) -> str:
    """The RRULE (without DTSTART) for a shorthand or an RRULE text; UserError if neither."""
    word = every.strip().lower()
    if word == "weekly":
        return "FREQ=WEEKLY"
    if word == "biweekly":
        return "FREQ=WEEKLY;INTERVAL=2"
    if word == "monthly":
        return f"FREQ=MONTHLY;BYDAY={_weekday_of_month(start)}"
    if word == "quarterly":
        return f"FREQ=MONTHLY;INTERVAL=3;BYDAY={_weekday_of_month(start)}"
    rule = every.strip().upper().removeprefix("RRULE:")
    freq = re.search(r"(?:^|;)FREQ=([A-Z]+)", rule)
    if freq is None or freq[1] not in _ALLOWED_FREQ or "DTSTART" in rule:
        raise UserError(
            f"--every is {', '.join(SHORTHANDS)} or an RRULE (FREQ=DAILY, WEEKLY, MONTHLY or "
            "YEARLY), e.g. FREQ=MONTHLY;BYDAY=-1FR."
        )
    try:
        rrulestr(rule, dtstart=start.replace(tzinfo=None))
    except (ValueError, TypeError):
        raise UserError(
            "That RRULE does not parse (RFC 5545, e.g. FREQ=WEEKLY;BYDAY=TU)."
        ) from None
    return rule


def occurrences(
    rule: str | None,
    start: datetime,
    after: datetime,
    before: datetime,
    until: date | None = None,
) -> list[datetime]:
    """The series' start times in [after, before), in UTC: expanded on the local wall clock
    of `start` (aware), then each converted with its own UTC offset. No rule: `start` only."""
    zone = start.tzinfo
    assert isinstance(zone, ZoneInfo)
    local_start = start.replace(tzinfo=None)
    if rule is None:
        times = [local_start]
    else:
        # Expanded naive (wall clock), so DST never shifts the hour.
        times = list(rrulestr(rule, dtstart=local_start).xafter(local_start, count=_MAX, inc=True))
    out = []
    for t in times:
        if until is not None and t.date() > until:
            break
        at = t.replace(tzinfo=zone)
        if at.astimezone(after.tzinfo) >= before:
            break
        if at.astimezone(after.tzinfo) >= after:
            out.append(at.astimezone(after.tzinfo))
    return out


def horizon(now: datetime, days: int = 120) -> datetime:
    return now + timedelta(days=days)
