"""Data-consistency checks (the seed's checklist), over referrals as plain facts, whether
they are MACT's own records or rows of an agency's export: required fields, impossible date
orders, likely duplicates, codes retired after the record was made, and categories whose
share of 'unknown' in one agency stands out against the others. Each finding has a tier, a
count and the ids involved, never a value from the records."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from protocols.data.dictionary import DataDictionary, version_key


class Tier(StrEnum):
    HIGH = "high priority"
    ERROR = "error"
    WARNING = "warning"


TIER_ORDER = (Tier.HIGH, Tier.ERROR, Tier.WARNING)


@dataclass(frozen=True, slots=True)
class Finding:
    tier: Tier
    check: str
    message: str
    ids: tuple[str, ...]

    @property
    def count(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, slots=True)
class ReferralFacts:
    """What the checks read of one referral. `codes` maps a dictionary category to the
    code the referral carries; `missing` names required fields it lacks."""

    id: str
    from_agency: str
    to_agency: str
    sent: date | None
    case_id: str | None = None
    feedback: date | None = None
    started: date | None = None
    closed: date | None = None
    cancelled: bool = False
    codes: Mapping[str, str] = field(default_factory=dict)
    dict_version: str | None = None
    missing: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class UnknownRule:
    """An agency's share of unknown in a category is anomalous when it is at least `ratio`
    times the median share of the other agencies and at least `min_share`, each agency
    counted over at least `min_records` records."""

    ratio: float = 2.0
    min_share: float = 0.25
    min_records: int = 10


def missing_fields(facts: Iterable[ReferralFacts]) -> list[Finding]:
    by_field: dict[str, list[str]] = defaultdict(list)
    for f in facts:
        for name in f.missing:
            by_field[name].append(f.id)
    return [Finding(Tier.ERROR, "missing-field", f"referrals without {name}", tuple(ids))
            for name, ids in sorted(by_field.items())]  # fmt: skip


def _orders(f: ReferralFacts) -> list[tuple[str, date | None, date | None]]:
    """(what is wrong if the later date comes first, the later, the earlier)."""
    return [
        ("service start before the referral (or intake)", f.started, f.sent),
        ("closure before service start", f.closed, f.started),
        ("feedback before the referral was sent", f.feedback, f.sent),
    ]


def date_orders(facts: Iterable[ReferralFacts]) -> list[Finding]:
    wrong: dict[str, list[str]] = defaultdict(list)
    for f in facts:
        for what, later, earlier in _orders(f):
            if later is not None and earlier is not None and later < earlier:
                wrong[what].append(f.id)
    order = [what for what, _, _ in _orders(ReferralFacts("", "", "", None))]
    return [Finding(Tier.HIGH, "date-order", what, tuple(wrong[what]))
            for what in order if wrong[what]]  # fmt: skip


def duplicates(facts: Iterable[ReferralFacts], within: timedelta) -> list[Finding]:
    """Referrals with the same case id to the same agency sent within `within` of each
    other (cancelled ones aside): one finding per group."""
    groups: dict[tuple[str, str], list[ReferralFacts]] = defaultdict(list)
    for f in facts:
        if f.case_id and f.sent and not f.cancelled:
            groups[(f.case_id, f.to_agency)].append(f)
    out = []
    for (_, to), group in sorted(groups.items()):
        group.sort(key=lambda f: (f.sent, f.id))
        cluster = [group[0]]
        for f in group[1:]:
            if f.sent - cluster[-1].sent <= within:  # type: ignore[operator]
                cluster.append(f)
                continue
            out += _duplicate(cluster, to, within)
            cluster = [f]
        out += _duplicate(cluster, to, within)
    return out


def _duplicate(cluster: list[ReferralFacts], to: str, within: timedelta) -> list[Finding]:
    if len(cluster) < 2:
        return []
    what = f"likely duplicates: one case id, referred to {to} within {within.days} days"
    return [Finding(Tier.HIGH, "duplicate", what, tuple(f.id for f in cluster))]


def retired_codes(facts: Iterable[ReferralFacts], d: DataDictionary) -> list[Finding]:
    """Codes retired after the record was made (warning: recode for reports) and codes
    the dictionary does not define at all (error)."""
    retired: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    unknown: dict[tuple[str, str], list[str]] = defaultdict(list)
    unknowns = d.unknown_codes()
    for f in facts:
        for category, code in f.codes.items():
            c = d.categories[category].get(code) if category in d.categories else None
            if c is None:
                if code not in unknowns:
                    unknown[(category, code)].append(f.id)
                continue
            if c.retired and (f.dict_version is None
                              or version_key(f.dict_version) < version_key(c.retired)):  # fmt: skip
                retired[(category, code, c.retired)].append(f.id)
    out = []
    for (category, code, version), ids in sorted(retired.items()):
        what = f"{category} '{code}' was retired in {version} after these were coded"
        out.append(Finding(Tier.WARNING, "retired-code", what, tuple(ids)))
    for (category, _), ids in sorted(unknown.items()):
        what = f"{category} code not in the dictionary"
        out.append(Finding(Tier.ERROR, "unknown-code", what, tuple(ids)))
    return out


def unknown_shares(
    observations: Iterable[tuple[str, str, str]], d: DataDictionary, rule: UnknownRule
) -> list[Finding]:
    """`observations`: (agency, category, code). Flags each agency whose share of the
    three kinds of unknown in a category meets `rule` against the other agencies."""
    unknowns = d.unknown_codes()
    totals: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for agency, category, code in observations:
        cell = totals[category][agency]
        cell[0] += code in unknowns
        cell[1] += 1
    out = []
    for category, agencies in sorted(totals.items()):
        shares = {a: u / n for a, (u, n) in agencies.items() if n >= rule.min_records}
        for agency, share in sorted(shares.items()):
            others = [s for a, s in shares.items() if a != agency]
            if not others:
                continue
            median = statistics.median(others)
            if share >= rule.min_share and share >= rule.ratio * median:
                u, n = agencies[agency]
                what = (
                    f"{category}: {agency} has {share:.0%} unknown ({u} of {n}) against a "
                    f"median of {median:.0%} at the other agencies (rule: at least "
                    f"{rule.ratio:g} times the median and {rule.min_share:.0%})"
                )
                out.append(Finding(Tier.WARNING, "unknown-share", what, (agency,)))
    return out


def run_all(
    facts: Sequence[ReferralFacts],
    d: DataDictionary,
    within: timedelta,
    rule: UnknownRule,
    unknown_categories: Sequence[str] = ("housing_status",),
) -> list[Finding]:
    """Every referral check, in tier order."""
    observations = [(f.from_agency, c, f.codes[c]) for f in facts
                    for c in unknown_categories if c in f.codes]  # fmt: skip
    found = [
        *missing_fields(facts),
        *date_orders(facts),
        *duplicates(facts, within),
        *retired_codes(facts, d),
        *unknown_shares(observations, d, rule),
    ]
    return sorted(found, key=lambda x: TIER_ORDER.index(x.tier))


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.tier in (Tier.HIGH, Tier.ERROR) for f in findings)
