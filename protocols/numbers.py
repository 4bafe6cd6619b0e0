"""Whole numbers as people type them in commands: ASCII digits, in a stated range."""

from __future__ import annotations

# Nine digits fit every integer column; more is never a real count or item number.
_MAX_DIGITS = 9


def parse_number(text: str, low: int, high: int) -> int | None:
    """`text` as an int if it is ASCII digits only and within [low, high], else None.

    `str.isdigit()` alone is not enough: it accepts superscripts ('²') that `int()` refuses,
    and digits of other scripts that `int()` takes but nobody means in a command.
    """
    if not text or len(text) > _MAX_DIGITS or not text.isascii() or not text.isdigit():
        return None
    value = int(text)
    return value if low <= value <= high else None
