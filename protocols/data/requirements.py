"""What MACT needs of a data dictionary: its own code lists defined, code by code; the
categories the export tables use; a referral source for every kind of agency in the
coalition. Each problem names its key."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from protocols.data.dictionary import DataDictionary, is_version, version_key
from protocols.data.indicators import problems as indicator_problems
from protocols.referrals.contact_log import Interaction
from protocols.referrals.lifecycle import Basis, Consent, Pathway, Reason, Status, Urgency

# MACT's own lists: exactly these codes (MACT's logic rests on them), and which of them
# may never be retired (MACT sets them itself).
CLOSED: dict[str, tuple[type[StrEnum], frozenset[str]]] = {
    "referral_status": (Status, frozenset(s.value for s in Status)),
    "decline_reason": (Reason, frozenset()),
    "referral_pathway": (Pathway, frozenset()),
    "referral_urgency": (Urgency, frozenset()),
    "information_basis": (Basis, frozenset()),
    "consent": (Consent, frozenset({Consent.NONE.value})),
}
# Open lists: the dictionary's own codes, but these must be there and stay active.
MACT_SETS = {
    "interaction_type": frozenset(
        {Interaction.REFERRAL.value, Interaction.REQUEST.value, Interaction.ANSWER.value}
    ),
    "referral_source": frozenset(),
    "case_status": frozenset(),
    "housing_status": frozenset(),
    "service_modality": frozenset(),
}
UNKNOWN_KINDS = 3


def problems(d: DataDictionary, agency_kinds: Iterable[str]) -> list[tuple[str, str]]:
    """(key path, message) for everything MACT cannot work with."""
    found: list[tuple[str, str]] = []
    for name, (enum, fixed) in CLOSED.items():
        found += _closed(d, name, {e.value for e in enum}, fixed)
    for name, fixed in MACT_SETS.items():
        if name not in d.categories:
            found.append((f"categories.{name}", "required category is missing"))
            continue
        category = d.categories[name]
        for code in sorted(fixed):
            c = category.get(code)
            if c is None or c.retired:
                found.append(
                    (f"categories.{name}", f"'{code}' is logged by MACT: define it, active")
                )
    if len(d.unknown.codes) != UNKNOWN_KINDS:
        found.append(("unknown.codes", "the three kinds of unknown: doesn't know, prefers not "
                      "to answer, not collected"))  # fmt: skip
    found += _sources(d, agency_kinds)
    found += _retirements(d)
    found += indicator_problems(d)
    return found


def _closed(
    d: DataDictionary, name: str, known: set[str], fixed: frozenset[str]
) -> list[tuple[str, str]]:
    if name not in d.categories:
        return [(f"categories.{name}", "required category is missing")]
    category = d.categories[name]
    out = []
    codes = {c.code for c in category.codes}
    for code in sorted(known - codes):
        out.append((f"categories.{name}", f"'{code}' is a code MACT uses: define it"))
    for code in sorted(codes - known):
        listed = ", ".join(sorted(known))
        out.append((f"categories.{name}", f"'{code}' is not one of MACT's codes ({listed})"))
    for c in category.codes:
        if c.code in fixed and c.retired:
            out.append((f"categories.{name}", f"'{c.code}' is set by MACT and cannot be retired"))
    return out


def _retirements(d: DataDictionary) -> list[tuple[str, str]]:
    """A code is retired in a version up to this one (a later one has not happened)."""
    out = []
    for name, category in d.categories.items():
        for c in category.codes:
            if c.retired is not None and (
                not is_version(c.retired) or version_key(c.retired) > version_key(d.version)
            ):
                out.append((f"categories.{name}", f"'{c.code}' retired in {c.retired}, not a "
                            f"version up to {d.version}"))  # fmt: skip
    return out


def _sources(d: DataDictionary, agency_kinds: Iterable[str]) -> list[tuple[str, str]]:
    category = d.categories.get("referral_source")
    if category is None:
        return []
    out = []
    for kind in sorted(set(agency_kinds)):
        owners = [c.code for c in category.codes if kind in c.agency_kinds and not c.retired]
        if len(owners) != 1:
            said = "none" if not owners else ", ".join(owners)
            out.append((
                "categories.referral_source",
                f"agencies of kind '{kind}' need exactly one active source (agency_kinds); "
                f"found {said}",
            ))  # fmt: skip
    return out


def source_of(d: DataDictionary, agency_kind: str) -> str | None:
    """The referral source code for a referring agency of `agency_kind`."""
    category = d.categories.get("referral_source")
    if category is None:
        return None
    return next(
        (c.code for c in category.codes if agency_kind in c.agency_kinds and not c.retired), None
    )
