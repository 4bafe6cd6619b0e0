"""The one privacy detector: every free-text field of every feature goes through it.

Layers run cheapest first and the first finding wins; each says which kind of data it
found and where, never the text itself."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from protocols.privacy import addresses, dates, emails, identifiers, names, phones, spelled
from protocols.privacy.finding import Finding, Kind


@dataclass(frozen=True)
class Detector:
    """`region`: the coalition's phone region (ISO 3166, 'US'); `allowed`: lowercased words
    of its own agency, program and staff names; `deny`: terms always refused;
    `identifier_words`: more words that announce a personal id number."""

    region: str = "US"
    allowed: frozenset[str] = frozenset()
    deny: tuple[str, ...] = ()
    identifier_words: tuple[str, ...] = ()
    _context: re.Pattern[str] = field(init=False, repr=False, compare=False)
    _deny: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_context", identifiers.compile_context(self.identifier_words))
        terms = [re.escape(t.lower()) for t in self.deny if t.strip()]
        object.__setattr__(
            self, "_deny", re.compile(rf"\b(?:{'|'.join(terms)})\b") if terms else None
        )

    def find(self, text: str) -> Finding | None:
        lowered = text.lower()
        found = (
            emails.find(text, lowered)
            or identifiers.find(text, self._context)
            or phones.find(text, self.region)
            or spelled.find(lowered)
            or dates.find(lowered)
            or addresses.find(lowered)
            or self._denied(lowered)
            or names.find(text, self.allowed)
        )
        return found

    def _denied(self, lowered: str) -> Finding | None:
        if self._deny is None:
            return None
        m = self._deny.search(lowered)
        return Finding(Kind.DENIED, m.start(), m.end()) if m else None


def words_of(names_: Iterable[str]) -> frozenset[str]:
    """The lowercased words of names ('Harbor House Shelter' → harbor, house, shelter)."""
    return frozenset(w.lower() for n in names_ for w in re.findall(r"[A-Za-z][A-Za-z'’-]*", n))


DEFAULT = Detector()
