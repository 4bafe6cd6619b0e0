"""Data minimisation: refuse text that looks like it identifies a client.

Case references must be non-identifying codes. These checks are deliberately
conservative (a false refusal costs a retype; a leak can cost a life).
"""

from __future__ import annotations

import re

from .errors import PrivacyViolation

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
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
_DATE_WORDS = re.compile(
    rf"\b(?:\d{{1,2}}\s*(?:{_MONTHS})\.?,?\s*\d{{2,4}}|(?:{_MONTHS})\.?\s*\d{{1,2}},?\s*\d{{2,4}})\b",
    re.IGNORECASE,
)

CASE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_.]{1,31}$")


def identifying_reason(text: str) -> str | None:
    """Return why `text` looks client-identifying, or None if it does not."""
    if _EMAIL.search(text):
        return "it looks like an email address"
    if _DATE_NUMERIC.search(text) or _DATE_WORDS.search(text):
        return "it looks like a date (a date of birth must never be recorded)"
    if _PHONE.search(text):
        return "it looks like a phone number"
    return None


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
