"""Street addresses, unit numbers, PO boxes and ZIP codes.

Not `usaddress`: it is a tagger, not a detector. It labels every token of any input as
some address part ('room 12 ready at 09:00' comes back as a house number and a street), so
telling an address from chat still needs the rules below; with them it adds nothing but a
dependency and a model file. The rules: a house number, up to four name words, and a
street suffix from the USPS list; a unit word with its number; a PO box; a ZIP after a
state code or the word 'zip'."""

from __future__ import annotations

import re

from protocols.privacy.finding import Finding, Kind


def _words(text: str) -> list[str]:
    return text.split()


_SUFFIXES = (
    "street|st|avenue|ave|av|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl|"
    "terrace|ter|parkway|pkwy|highway|hwy|circle|cir|trail|trl|square|sq|alley|aly|loop|"
    "crescent|cres|pike|row|run|path|plaza|plz|expressway|expy|freeway|fwy|turnpike|tpke|"
    "heights|hts|hollow|ridge|point|pt|crossing|xing|commons|cmns|grove|grv|park|pkway"
)
# Words that appear between a number and 'way', 'park', 'run' or 'point' in chat, never in
# a street name: '2 more on the way', '3 beds in the park wing'.
_NOT_STREET = frozenset(
    _words(
        """
    a an the on of to in at for and or by with more beds bed rooms room minutes mins min
    hours hrs hour days day weeks people staff kids children adults units unit cases
    calls officers nurses advocates items actions all our their her his its from is are
    was were be been per each other left right
"""
    )
)
_STREET = re.compile(
    rf"\b\d{{1,6}}[a-z]?\s+((?:[nsew]\.?\s+|north\s+|south\s+|east\s+|west\s+)?"
    rf"(?:[a-z0-9][a-z0-9'.-]*\s+){{1,4}}?)(?:{_SUFFIXES})\b\.?"
)
_UNIT = re.compile(
    r"\b(?:apt|apartment|unit|suite|ste|lot|trailer|flat|bldg)\.?\s*#?\s*\d+[a-z]?\b"
    r"|\b(?:apt|apartment|suite|ste)\.?\s*#?\s*[a-z]\b|#\s?\d{1,5}[a-z]\b"
)
_PO_BOX = re.compile(r"\bp\.?\s?o\.?\s*box\s+\d+")
_ZIP = re.compile(r"\b(?:[a-z]{2}\s+\d{5}(?:-\d{4})?|zip(?:\s*code)?\s*:?\s*\d{5})\b")
_STATES = frozenset(
    _words(
        """
    al ak az ar ca co ct de fl ga hi id il in ia ks ky la me md ma mi mn ms mo mt ne nv
    nh nj nm ny nc nd oh ok or pa ri sc sd tn tx ut vt va wa wv wi wy dc
"""
    )
)


def find(lowered: str) -> Finding | None:
    for m in _STREET.finditer(lowered):
        words = m.group(1).split()
        if words and not any(w.strip(".,") in _NOT_STREET for w in words):
            return Finding(Kind.ADDRESS, m.start(), m.end())
    for pattern in (_UNIT, _PO_BOX):
        unit = pattern.search(lowered)
        if unit:
            return Finding(Kind.ADDRESS, unit.start(), unit.end())
    for m in _ZIP.finditer(lowered):
        if m.group().startswith("zip") or m.group()[:2] in _STATES:
            return Finding(Kind.ADDRESS, m.start(), m.end())
    return None
