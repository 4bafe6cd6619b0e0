"""What a detector layer reports: which kind of identifying data, and where (never what)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    EMAIL = "email"
    IDENTIFIER = "identifier"
    PHONE = "phone"
    SPELLED_DIGITS = "spelled-digits"
    DATE = "date"
    ADDRESS = "address"
    NAME = "name"
    DENIED = "denied"


# What the refusal says was found, and how to say it without the detail.
REASONS: dict[Kind, tuple[str, str]] = {
    Kind.EMAIL: ("an email address", "say 'by secure email' or name the agency contact instead"),
    Kind.IDENTIFIER: (
        "a personal identifier (SSN, record, licence, plate, docket or other id number)",
        "keep ids in your agency's own system; refer to the case by its case code",
    ),
    Kind.PHONE: ("a phone number", "say 'call her on the number in our file' instead"),
    Kind.SPELLED_DIGITS: (
        "a number spelled out in words (a phone or id number)",
        "keep numbers that identify a person in your agency's own system",
    ),
    Kind.DATE: (
        "a date (a date of birth or other personal date must never be recorded)",
        "for scheduling, say 'Dec 14' or 'tomorrow 09:00' without a year",
    ),
    Kind.ADDRESS: (
        "a street address or unit number",
        "say 'her home' or 'the usual location' instead",
    ),
    Kind.NAME: ("a person's name", "say 'the client', 'her son' or use the case code"),
    Kind.DENIED: ("a term on the coalition's deny-list", "leave it out or use the case code"),
}


@dataclass(frozen=True, slots=True)
class Finding:
    kind: Kind
    start: int
    end: int

    @property
    def reason(self) -> str:
        return REASONS[self.kind][0]

    @property
    def advice(self) -> str:
        return REASONS[self.kind][1]
