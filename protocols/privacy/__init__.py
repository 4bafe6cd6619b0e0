"""Data minimisation: refuse text that could identify a survivor.

Every free-text field of every feature goes through `check_free_text`; case references go
through `check_case_reference`. The detector (`detector.py`) is layered: emails, personal
id numbers, phone numbers, spelled-out digits, dates, addresses, the coalition's deny-list
and personal names. A refusal says which kind was found and where, never the text, and how
to say it without the detail. Deliberately conservative: a false refusal costs a retype; a
leak can cost a life. `bench/privacy.py` measures it on the labelled corpus in
`tests/privacy_corpus/`.
"""

from __future__ import annotations

import re

from protocols.config.schema import MactConfig
from protocols.errors import PrivacyViolation
from protocols.privacy.detector import DEFAULT, Detector, words_of
from protocols.privacy.finding import Finding, Kind

__all__ = [
    "CASE_REF",
    "Detector",
    "Finding",
    "Kind",
    "check_case_reference",
    "check_free_text",
    "detector_for",
    "identifying_reason",
]

CASE_REF = re.compile(r"^[A-Za-z0-9][A-Za-z0-9\-_.]{1,31}$")

_BY_CONFIG: dict[int, tuple[MactConfig, Detector]] = {}


def detector_for(config: MactConfig) -> Detector:
    """The coalition's detector: its phone region, deny-list and identifier words, and
    its own agency, program, protocol and staff names never taken for a client's."""
    kept = _BY_CONFIG.get(id(config))
    if kept is not None and kept[0] is config:
        return kept[1]
    names = [config.coalition.name]
    for agency in config.agencies:
        names += [agency.code, agency.name, *(p.name for p in agency.programs)]
        names += [c.name for c in agency.contact_points()]
    names += [r.name for r in config.roster if r.name]
    names += [p.title for p in config.protocols]
    settings = config.privacy
    detector = Detector(
        region=settings.phone_region,
        allowed=words_of(names) | {w.lower() for w in settings.allowed_words},
        deny=settings.deny_terms,
        identifier_words=settings.identifier_words,
    )
    _BY_CONFIG[id(config)] = (config, detector)
    return detector


def identifying_reason(text: str, detector: Detector = DEFAULT) -> str | None:
    """Why `text` looks identifying ('it looks like a phone number'), or None."""
    found = detector.find(text)
    return None if found is None else f"it looks like {found.reason}"


def _refusal(what: str, found: Finding) -> str:
    # Where, as character positions: never the text itself, which must not be echoed.
    return (
        f"{what} refused: it looks like {found.reason} (characters {found.start + 1}-"
        f"{found.end} of it); {found.advice}. Keep client details out of MACT"
    )


def check_case_reference(ref: str, detector: Detector = DEFAULT) -> str:
    """Validate a case reference and return it unchanged.

    Raises PrivacyViolation when it looks like identifying data or is not a short code.
    """
    if not CASE_REF.match(ref):
        found = detector.find(ref)
        if found is not None:
            raise PrivacyViolation(_refusal("case reference", found))
        raise PrivacyViolation(
            "case reference refused: use a short non-identifying code "
            "(letters, digits and - _ . only, 2-32 characters)"
        )
    found = detector.find(ref)
    if found is not None and found.kind is not Kind.NAME:
        raise PrivacyViolation(_refusal("case reference", found))
    return ref


def check_free_text(text: str, what: str, detector: Detector = DEFAULT) -> str:
    """Refuse free text (notes, action items, reasons) that carries identifying data."""
    found = detector.find(text)
    if found is not None:
        raise PrivacyViolation(_refusal(what, found))
    return text
