"""Numbers a person carries: US SSNs (whole, partial or masked), immigration A-numbers, and
record, licence, plate, insurance, docket and booking numbers, found by their shape and by
the words that come before them. The coalition can add context words."""

from __future__ import annotations

import re
from collections.abc import Iterable

from protocols.privacy.finding import Finding, Kind

# 123-45-6789, 123 45 6789, and masked forms (xxx-xx-6789, ***-**-6789).
_SSN_SHAPE = re.compile(
    r"\b(?:\d{3}|[x*]{3})[-\s](?:\d{2}|[x*]{2})[-\s]\d{4}\b|(?<![\w*])[x*]{3}-?[x*]{2}-?\d{4}\b",
    re.IGNORECASE,
)
# A-number: A followed by 8 or 9 digits.
_A_NUMBER = re.compile(r"\bA[- ]?\d{3}[- ]?\d{3}[- ]?\d{2,3}\b")

# Words that announce an identifier; the value follows within a few characters.
CONTEXT_WORDS = (
    r"ssn|ss#|soc(?:ial)?(?:\s+sec(?:urity)?)?(?:\s+(?:no|number|#))?|last\s+(?:4|four)",
    r"mrn|medical\s+record(?:\s+(?:no|number|#))?|chart(?:\s+(?:no|number|#))|patient\s+id",
    r"dl|driver'?s?\s+licen[cs]e|licen[cs]e(?:\s+(?:no|number|#))?|id\s+card",
    r"(?:license\s+)?plate|tag\s+(?:no|number|#)|vin",
    r"a-?number|a#|alien\s+(?:no|number|#)|uscis(?:\s+(?:no|number|#))?",
    r"medicaid(?:\s+id)?|medicare(?:\s+id)?|insurance(?:\s+id)?|member\s+id|policy\s+(?:no|number|#)",
    r"docket(?:\s+(?:no|number|#))?|cause\s+(?:no|number|#)|(?:court\s+)?case\s+(?:no|number|#)",
    r"booking(?:\s+(?:no|number|#))?|inmate(?:\s+(?:no|number|id|#))?|so\s+#|jail\s+id",
    r"passport(?:\s+(?:no|number|#))?|student\s+id|account\s+(?:no|number|#)",
)
# The value: a token of 4+ characters with at least 2 digits (not a count, not a time).
_VALUE = (
    r"(?:is|was|=|:|#|no\.?|number|ending(?:\s+in)?|of)?\s*#?\s*"
    r"(?=[A-Za-z0-9 -]{0,20}?\d[A-Za-z0-9 -]{0,20}?\d)"
    r"[A-Za-z0-9][A-Za-z0-9-]{2,19}(?:\s[A-Za-z0-9]{2,8})?\b"
)


def compile_context(extra: Iterable[str] = ()) -> re.Pattern[str]:
    words = [*CONTEXT_WORDS, *(re.escape(w.lower()) for w in extra)]
    return re.compile(rf"\b(?:{'|'.join(words)})(?![A-Za-z])[\s:#.]{{0,4}}{_VALUE}", re.IGNORECASE)


_DEFAULT = compile_context()


def find(text: str, context: re.Pattern[str] = _DEFAULT) -> Finding | None:
    for pattern in (_SSN_SHAPE, _A_NUMBER, context):
        m = pattern.search(text)
        if m:
            return Finding(Kind.IDENTIFIER, m.start(), m.end())
    return None
