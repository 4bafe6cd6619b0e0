"""Non-identifying case ids by rule: each agency's pattern ('#' a digit, 'A' an upper-case
letter, anything else itself, e.g. HH-####-####), and ids minted at random in it, never
derived from anything about the client."""

from __future__ import annotations

import re
import secrets
import string
from typing import Annotated

from pydantic import AfterValidator

from protocols.errors import UserError

_DIGIT, _LETTER = "#", "A"
# Letters that are not easily misread for digits (I, O) or each other.
_LETTERS = "".join(c for c in string.ascii_uppercase if c not in "IO")
_MIN_RANDOM = 6  # at least a million ids: collisions and guessing stay unlikely


def _valid(pattern: str) -> str:
    slots = pattern.count(_DIGIT) + pattern.count(_LETTER)
    if slots < _MIN_RANDOM:
        raise ValueError(f"a case id pattern needs at least {_MIN_RANDOM} '#' or 'A' slots")
    if not re.fullmatch(r"[A-Z0-9#\-_/.]{6,32}", pattern):
        raise ValueError("a case id pattern is 6-32 of: upper-case letters, digits, # - _ / .")
    return pattern


CaseIdPattern = Annotated[str, AfterValidator(_valid)]


def _regex(pattern: str) -> re.Pattern[str]:
    parts = []
    for ch in pattern:
        if ch == _DIGIT:
            parts.append("[0-9]")
        elif ch == _LETTER:
            parts.append("[A-Z]")
        else:
            parts.append(re.escape(ch))
    return re.compile("".join(parts))


def matches(pattern: str, case_id: str) -> bool:
    return _regex(pattern).fullmatch(case_id.strip().upper()) is not None


def check_case_id(pattern: str | None, agency: str, case_id: str) -> str:
    """`case_id` (upper-cased) if it has `agency`'s pattern (any, with none configured);
    raises UserError showing the pattern, never echoing more than the id's length."""
    value = case_id.strip().upper()
    if pattern is not None and not matches(pattern, value):
        raise UserError(
            f"{agency}'s case ids read {pattern} ('#' a digit, 'A' a letter); "
            f"mint one with !caseid."
        )
    return value


def mint(pattern: str, choose: object = None) -> str:
    """A random id in `pattern`. `choose` (for tests) picks from a string; default: the
    operating system's cryptographic source, so ids are unpredictable."""
    pick = choose if callable(choose) else secrets.choice
    out = []
    for ch in pattern:
        if ch == _DIGIT:
            out.append(pick(string.digits))
        elif ch == _LETTER:
            out.append(pick(_LETTERS))
        else:
            out.append(ch)
    return "".join(out)
