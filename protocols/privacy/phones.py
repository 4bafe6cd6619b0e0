"""Phone numbers, found by Google's libphonenumber (`phonenumbers`) for the coalition's
region and in international form, rather than by hand-written patterns."""

from __future__ import annotations

import phonenumbers
from phonenumbers import Leniency, PhoneNumberMatcher

from protocols.privacy.finding import Finding, Kind

# A text with fewer digits than the shortest local number cannot hold one.
_MIN_DIGITS = 7


def find(text: str, region: str) -> Finding | None:
    if sum(c.isdigit() for c in text) < _MIN_DIGITS:
        return None
    # POSSIBLE, not VALID: a number typed from memory or with a digit wrong still
    # identifies someone.
    for match in PhoneNumberMatcher(text, region, leniency=Leniency.POSSIBLE):
        if _inside_code(text, match.start):
            continue  # 'REF-2026-031': the digits of a case or referral code
        if phonenumbers.is_possible_number(match.number):
            return Finding(Kind.PHONE, match.start, match.end)
    return None


def _inside_code(text: str, start: int) -> bool:
    """Digits right after letters ('A12345678') or after letters and a hyphen
    ('PO-2026-112')."""
    before = text[max(0, start - 2) : start]
    return bool(before) and (before[-1].isalpha() or (before[-1] == "-" and before[0].isalpha()))
