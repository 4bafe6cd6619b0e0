"""Data minimisation: refuse text that looks like it identifies a client.

Case references must be non-identifying codes. These checks are deliberately
conservative (a false refusal costs a retype; a leak can cost a life).
"""

from __future__ import annotations

import re

from protocols.errors import PrivacyViolation

# Emails are found from each '@' outwards, never by a pattern free to start anywhere: an
# unanchored `[chars]+@` rescans the rest of the text from every position, which is
# quadratic (45,000 letters took 4.5 s) on a text with no '@' at all.
_EMAIL_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-")
_EMAIL_DOMAIN = re.compile(r"[A-Za-z0-9\-]{1,63}(?:\.[A-Za-z0-9\-]{1,63})*\.[A-Za-z]{2,24}")
# The longest domain name there is (RFC 1035): what is looked at after an '@'.
_DOMAIN_MAX = 253
# Phone shapes: international (+ and 8+ digits), NANP with separators, 7-digit local,
# or a bare run of 10+ digits. Case codes such as "HH-2026-0042" stay allowed.
_PHONE = re.compile(
    r"\+\d(?:[\s().\-]*\d){7,}"
    r"|\(\d{3}\)\s*\d{3}[\s.\-]?\d{4}\b"
    r"|\b\d{3}[\s.\-]\d{3}[\s.\-]\d{4}\b"
    r"|\b\d{3}[\s.\-]\d{4}\b"
    r"|\b\d{10,}\b"
)
_DATE_NUMERIC = re.compile(r"\b(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})\b")
_MONTHS = (
    "jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|january|february|march|april|june|"
    "july|august|september|october|november|december"
)
# Matched on the lowercased text: IGNORECASE makes every word boundary try twelve months in
# both cases, three times slower on a long message.
_DATE_WORDS = re.compile(
    rf"\b(?:\d{{1,2}}\s*(?:{_MONTHS})\.?,?\s*\d{{2,4}}|(?:{_MONTHS})\.?\s*\d{{1,2}},?\s*\d{{2,4}})\b"
)
_MONTH_STEMS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")

CASE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_.]{1,31}$")


def identifying_reason(text: str) -> str | None:
    """Return why `text` looks client-identifying, or None if it does not."""
    if _has_email(text):
        return "it looks like an email address"
    if _DATE_NUMERIC.search(text) or _has_date_words(text.lower()):
        return "it looks like a date (a date of birth must never be recorded)"
    if _PHONE.search(text):
        return "it looks like a phone number"
    return None


def _has_date_words(lowered: str) -> bool:
    return any(m in lowered for m in _MONTH_STEMS) and bool(_DATE_WORDS.search(lowered))


def _has_email(text: str) -> bool:
    """An '@' with a local part right before it and a dotted domain right after. Each '@'
    costs at most the length of a domain name, so the check is linear in the text."""
    at = text.find("@")
    while at != -1:
        local = at > 0 and text[at - 1] in _EMAIL_LOCAL
        if local and _EMAIL_DOMAIN.match(text, at + 1, at + 1 + _DOMAIN_MAX):
            return True
        at = text.find("@", at + 1)
    return False


def check_case_reference(ref: str) -> str:
    """Validate a case reference and return it unchanged.

    Raises PrivacyViolation when it looks like identifying data or is not a short code.
    """
    reason = identifying_reason(ref)
    if reason is not None:
        raise PrivacyViolation(
            f"case reference refused: {reason}; use your agency's non-identifying case code"
        )
    if not CASE_REF.match(ref):
        raise PrivacyViolation(
            "case reference refused: use a short non-identifying code "
            "(letters, digits and - _ . only, 2-32 characters)"
        )
    return ref


def check_free_text(text: str, what: str) -> str:
    """Refuse free text (notes, action items) that carries identifying data."""
    reason = identifying_reason(text)
    if reason is not None:
        raise PrivacyViolation(f"{what} refused: {reason}; keep client details out of MACT")
    return text
