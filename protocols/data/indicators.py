"""The dictionary's shared indicators, computed from MACT's records over a period. Each
indicator names a measure MACT knows how to count (MEASURES) and, for some, a code that
narrows it; counts too small to share are suppressed as in the referral report."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from protocols.data.dictionary import DataDictionary, Indicator
from protocols.referrals.contact_log import Contact
from protocols.referrals.lifecycle import Referral, Status
from protocols.referrals.requests import Request
from protocols.reports.suppression import shown_count

CASE_CONFERENCE = "case-conference"
MEASURES = {
    "contacts": "contact-log entries made in the period",
    "case-conferences": "contact-log entries of type case-conference, plus crisis "
    "coordination events closed in the period",
    "referrals": "referrals sent in the period",
    "referrals-by-status": "referrals sent in the period whose status is now `where` "
    "(accepted counts completed ones too: they were accepted first)",
    "feedback-on-time": "referrals sent in the period whose first feedback came by the deadline",
    "requests": "coordination requests asked in the period",
    "requests-answered": "coordination requests asked in the period and answered",
}
# Measures narrowed by a code, and the category the code comes from.
NARROWED = {"referrals-by-status": "referral_status"}


@dataclass(frozen=True, slots=True)
class Records:
    """MACT's records made in a period (the caller selects them)."""

    contacts: Sequence[Contact]
    referrals: Sequence[Referral]
    requests: Sequence[Request]
    events_closed: int


@dataclass(frozen=True, slots=True)
class IndicatorValue:
    indicator: Indicator
    value: int | None  # None: suppressed


def problems(d: DataDictionary) -> list[tuple[str, str]]:
    out = []
    for i, ind in enumerate(d.indicators):
        at = f"indicators[{i}]"
        if ind.measure not in MEASURES:
            out.append((f"{at}.measure", f"unknown measure '{ind.measure}' (known: "
                        f"{', '.join(MEASURES)})"))  # fmt: skip
            continue
        category = NARROWED.get(ind.measure)
        if category is not None and (
            ind.where is None
            or category not in d.categories
            or d.categories[category].get(ind.where) is None
        ):
            out.append((f"{at}.where", f"'{ind.measure}' needs `where`, a {category} code"))
        if category is None and ind.where is not None:
            out.append((f"{at}.where", f"'{ind.measure}' takes no `where`"))
    codes = [ind.code for ind in d.indicators]
    out += [("indicators", f"indicator '{c}' is defined twice")
            for c in sorted({c for c in codes if codes.count(c) > 1})]  # fmt: skip
    return out


def count(ind: Indicator, r: Records) -> int:
    m = ind.measure
    if m == "contacts":
        return len(r.contacts)
    if m == "case-conferences":
        return sum(1 for c in r.contacts if c.kind == CASE_CONFERENCE) + r.events_closed
    if m == "referrals":
        return len(r.referrals)
    if m == "referrals-by-status":
        wanted = {ind.where} | ({Status.COMPLETED.value} if ind.where == "accepted" else set())
        return sum(1 for x in r.referrals if x.status.value in wanted)
    if m == "feedback-on-time":
        return sum(1 for x in r.referrals if x.acknowledged_at and x.acknowledged_at <= x.due)
    if m == "requests":
        return len(r.requests)
    if m == "requests-answered":
        return sum(1 for q in r.requests if q.answered_at is not None)
    raise KeyError(m)


def compute(d: DataDictionary, records: Records, below: int) -> list[IndicatorValue]:
    return [IndicatorValue(ind, shown_count(count(ind, records), below)) for ind in d.indicators]
