"""Email addresses, written normally or spelled out ('jane at gmail dot com')."""

from __future__ import annotations

import re

from protocols.privacy.finding import Finding, Kind

# Emails are found from each '@' outwards, never by a pattern free to start anywhere: an
# unanchored `[chars]+@` rescans the rest of the text from every position, which is
# quadratic (45,000 letters took 4.5 s) on a text with no '@' at all.
_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_DOMAIN = re.compile(r"[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})*\.[A-Za-z]{2,24}")
_DOMAIN_MAX = 253  # the longest domain name there is (RFC 1035)

_TLDS = "com|org|net|edu|gov|us|io|co|uk|info|me|biz|ca|mx|de|fr|es|mil"
# ' at ' or '(at)' / '[at]', then a domain with ' dot ' or '.' before a known TLD. Matched
# on the lowercased text; anchored at each ' at ' by the regex engine's own scan, and every
# piece is bounded, so it stays linear.
_SPELLED = re.compile(
    rf"\b[a-z0-9][a-z0-9._%+-]{{0,63}}\s*(?:\(at\)|\[at\]|\s(?:at)\s)\s*[a-z0-9-]{{1,63}}"
    rf"(?:\s*(?:\(dot\)|\[dot\]|\sdot\s|\.)\s*[a-z0-9-]{{1,63}}){{0,3}}"
    rf"\s*(?:\(dot\)|\[dot\]|\sdot\s|\.)\s*(?:{_TLDS})\b"
)


def find(text: str, lowered: str) -> Finding | None:
    at = text.find("@")
    while at != -1:
        if at > 0 and text[at - 1] in _LOCAL:
            domain = _DOMAIN.match(text, at + 1, at + 1 + _DOMAIN_MAX)
            if domain:
                start = at - 1
                while start > 0 and text[start - 1] in _LOCAL:
                    start -= 1
                return Finding(Kind.EMAIL, start, domain.end())
        at = text.find("@", at + 1)
    if " at " in lowered or "(at)" in lowered or "[at]" in lowered:
        m = _SPELLED.search(lowered)
        if m:
            return Finding(Kind.EMAIL, m.start(), m.end())
    return None
