"""Digit runs spelled out in words ('five five five one two three four')."""

from __future__ import annotations

import re

from protocols.privacy.finding import Finding, Kind

_WORD_DIGITS = {
    "zero": 1, "oh": 1, "one": 1, "two": 1, "three": 1, "four": 1, "five": 1,
    "six": 1, "seven": 1, "eight": 1, "nine": 1,
}  # fmt: skip
_TOKEN = re.compile(r"[a-z]+|\d+")
# Seven digits make a local phone number; a run that long, partly in words, is no count of
# beds. At least three of them in words, so 'CE-2026-0001 two beds' is not one.
_RUN = 7
_IN_WORDS = 3


def find(lowered: str) -> Finding | None:
    run = in_words = 0
    start = -1
    for m in _TOKEN.finditer(lowered):
        word = m.group()
        if word.isdigit():
            digits, words = len(word), 0
        elif word in _WORD_DIGITS and not (word == "oh" and run == 0):
            digits, words = 1, 1
        elif word in ("double", "triple") and run:
            continue  # 'double five': the next word says which digit
        else:
            run = in_words = 0
            start = -1
            continue
        if start < 0:
            start = m.start()
        run += digits
        in_words += words
        if run >= _RUN and in_words >= _IN_WORDS:
            return Finding(Kind.SPELLED_DIGITS, start, m.end())
    return None
