"""The coalition's shared data dictionary: versioned codes and their agreed definitions,
modelled on HUD's HMIS Data Standards (a version, three kinds of 'unknown', indicators
with how each is counted). It holds codes and definitions, never client records.

MACT's own code lists (referral statuses, decline reasons, pathways, urgencies, information
bases, consent, the contact types MACT logs itself) must be defined in it, each code MACT
uses; the dictionary gives them their definitions and may retire the optional ones. The
open lists (contact types, referral sources, case and housing status, service modality) are
the dictionary's own. A retired code stays defined for old records and is refused for new
ones."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from typing import Annotated

from pydantic import Field, field_validator

from protocols.config.types import Frozen
from protocols.errors import UserError

CodeText = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
Text = Annotated[str, Field(min_length=1, max_length=600)]
# The kind of unknown a field left out holds: it was not collected.
NOT_COLLECTED = "data-not-collected"
_VERSION = re.compile(r"^\d{4}\.\d{1,3}$")


def is_version(text: str) -> bool:
    return _VERSION.match(text) is not None


def version_key(version: str) -> tuple[int, int]:
    """'2026.2' → (2026, 2): versions order by year, then release in the year."""
    year, _, n = version.partition(".")
    return int(year), int(n or 0)


class Code(Frozen):
    code: CodeText
    label: Annotated[str, Field(min_length=1, max_length=80)]
    definition: Text
    # The version that retired it: defined for old records, refused for new ones.
    retired: str | None = None
    # referral_source only: the agency kinds whose referrals carry this source.
    agency_kinds: tuple[str, ...] = ()


class Category(Frozen):
    title: Annotated[str, Field(min_length=1, max_length=80)]
    definition: Text
    # Admits the three kinds of unknown besides its codes.
    unknown: bool = False
    codes: Annotated[tuple[Code, ...], Field(min_length=1)]

    @field_validator("codes")
    @classmethod
    def _distinct(cls, codes: tuple[Code, ...]) -> tuple[Code, ...]:
        seen = [c.code for c in codes]
        twice = sorted({c for c in seen if seen.count(c) > 1})
        if twice:
            raise ValueError(f"code '{twice[0]}' is defined twice")
        return codes

    def get(self, code: str) -> Code | None:
        return next((c for c in self.codes if c.code == code), None)

    def active(self) -> list[str]:
        return [c.code for c in self.codes if c.retired is None]


class Indicator(Frozen):
    """A shared indicator: what MACT counts for it (`measure`, with an optional `where`
    code that narrows it, e.g. referrals whose status is accepted) and, in words, how."""

    code: CodeText
    title: Annotated[str, Field(min_length=1, max_length=120)]
    definition: Text
    measure: str
    where: CodeText | None = None


class DataDictionary(Frozen):
    version: str
    published: date | None = None
    title: Annotated[str, Field(min_length=1, max_length=160)] = "Shared data dictionary"
    unknown: Category
    categories: dict[str, Category]
    indicators: tuple[Indicator, ...] = ()

    @field_validator("version")
    @classmethod
    def _version(cls, value: str) -> str:
        if not _VERSION.match(value):
            raise ValueError("a version reads YEAR.N, e.g. 2026.2")
        return value

    @field_validator("categories")
    @classmethod
    def _names(cls, value: dict[str, Category]) -> dict[str, Category]:
        bad = [n for n in value if not re.match(r"^[a-z][a-z0-9_]{0,39}$", n)]
        if bad:
            raise ValueError(f"'{bad[0]}' is not a category name (lower case, digits, _)")
        return value

    def category(self, name: str) -> Category:
        found = self.categories.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def check(
        self, name: str, code: str, what: str | None = None, exclude: frozenset[str] = frozenset()
    ) -> str:
        """`code` (lower-cased) if it is an active code of category `name` or, where the
        category admits them, a kind of unknown; raises UserError listing the valid codes
        (and saying so of a retired one). Codes in `exclude` are neither valid nor listed."""
        category = self.category(name)
        value = code.strip().lower()
        found = category.get(value) or (self.unknown.get(value) if category.unknown else None)
        valid = [
            c
            for c in category.active() + (self.unknown.active() if category.unknown else [])
            if c not in exclude
        ]
        label = what or category.title.lower()
        if found is None or value in exclude:
            raise UserError(f"'{code[:32]}' is not a {label} code: {', '.join(valid)}.")
        if found.retired is not None:
            raise UserError(
                f"'{value}' was retired in data dictionary {found.retired}: {', '.join(valid)}."
            )
        return value

    def unknown_codes(self) -> frozenset[str]:
        return frozenset(c.code for c in self.unknown.codes)

    def terms(self) -> Iterable[tuple[str, Code]]:
        """Every (category name, code), the kinds of unknown under 'unknown'."""
        yield from (("unknown", c) for c in self.unknown.codes)
        for name, category in self.categories.items():
            yield from ((name, c) for c in category.codes)
