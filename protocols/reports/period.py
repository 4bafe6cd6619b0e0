"""The period a report covers: the last N days or weeks up to now, or a calendar month,
quarter or year in the coalition's timezone (a month is the coalition's month, whatever the
server's clock says)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from protocols.errors import UserError

SHAPES = "30d, 12w, 2026-11 (a month), 2026-Q4 (a quarter) or 2026 (a year)"
_ROLLING = re.compile(r"^(\d{1,4})([dw])$")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_QUARTER = re.compile(r"^(\d{4})-q([1-4])$")
_YEAR = re.compile(r"^(\d{4})$")
_MAX_DAYS = 3660


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) in UTC, and how to name it."""

    start: datetime
    end: datetime
    label: str

    def holds(self, at: datetime) -> bool:
        return self.start <= at < self.end

    @property
    def days(self) -> float:
        return (self.end - self.start) / timedelta(days=1)


def parse_period(text: str, now: datetime, timezone: str) -> Period:
    """The period `text` names; raises UserError naming the accepted shapes. A calendar
    period that has not ended yet ends now (a report never counts the future)."""
    t = text.strip().lower()
    if m := _ROLLING.match(t):
        n, unit = int(m[1]), m[2]
        days = n * (7 if unit == "w" else 1)
        if not 1 <= days <= _MAX_DAYS:
            raise UserError(f"'{text[:24]}': a period is 1 day to 10 years long.")
        label = f"the last {n}{unit} to {_day(now, timezone)}"
        return Period(now - timedelta(days=days), now, label)
    zone = ZoneInfo(timezone)
    if m := _MONTH.match(t):
        year, month = int(m[1]), int(m[2])
        if not 1 <= month <= 12:
            raise UserError(f"'{text[:24]}' has no month {month}.")
        start, end = (year, month), _add_months(year, month, 1)
        label = f"{year}-{month:02d}"
    elif m := _QUARTER.match(t):
        year, quarter = int(m[1]), int(m[2])
        start = (year, 3 * quarter - 2)
        end = _add_months(*start, 3)
        label = f"{year}-Q{quarter}"
    elif m := _YEAR.match(t):
        year = int(m[1])
        start, end, label = (year, 1), (year + 1, 1), str(year)
    else:
        raise UserError(f"'{text[:24]}' is not a period: say {SHAPES}.")
    begin = datetime(*start, 1, tzinfo=zone)
    if begin > now:
        raise UserError(f"{label} has not begun yet.")
    finish = min(datetime(*end, 1, tzinfo=zone), now)
    return Period(begin.astimezone(now.tzinfo), finish.astimezone(now.tzinfo), label)


def check_period_text(text: str) -> str:
    """`text` if it has a period's shape (for the configuration); raises ValueError."""
    t = text.strip().lower()
    if not any(p.match(t) for p in (_ROLLING, _MONTH, _QUARTER, _YEAR)):
        raise ValueError(f"not a period: say {SHAPES}")
    return text


def _add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def _day(at: datetime, timezone: str) -> str:
    return at.astimezone(ZoneInfo(timezone)).strftime("%Y-%m-%d")
