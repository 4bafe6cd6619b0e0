"""Each data-consistency check on crafted referrals, a clean set that reports nothing, and
the unknown-share rule on a seeded distribution (exact flags)."""

from __future__ import annotations

from datetime import date, timedelta

from protocols.data.validation import (
    Finding,
    ReferralFacts,
    Tier,
    UnknownRule,
    date_orders,
    duplicates,
    has_errors,
    missing_fields,
    retired_codes,
    run_all,
    unknown_shares,
)
from tests.helpers.command_harness import example_config

D = example_config().codes  # version 2026.2: fax and doubled-up retired in it
WITHIN = timedelta(days=30)
DAY = date(2026, 11, 2)


def facts(n: int, **kw: object) -> ReferralFacts:
    base: dict[str, object] = {
        "id": f"R-2026-{n:04d}", "from_agency": "SHELTER-HH", "to_agency": "LEGAL-VLA",
        "sent": DAY, "case_id": f"HH-2026-{n:04d}", "feedback": DAY, "started": DAY,
        "codes": {"referral_pathway": "warm", "housing_status": "dv-shelter"},
        "dict_version": "2026.2",
    }  # fmt: skip
    return ReferralFacts(**{**base, **kw})  # type: ignore[arg-type]


def clean() -> list[ReferralFacts]:
    return [facts(n) for n in range(1, 31)]


def test_a_clean_set_reports_nothing() -> None:
    found = run_all(clean(), D, WITHIN, UnknownRule())
    assert found == []
    assert not has_errors(found)


def test_missing_fields() -> None:
    both = ("source", "dict_version")
    found = missing_fields([facts(1, missing=("source",)), facts(2, missing=both)])
    assert found == [
        Finding(Tier.ERROR, "missing-field", "referrals without dict_version", ("R-2026-0002",)),
        Finding(Tier.ERROR, "missing-field", "referrals without source",
                ("R-2026-0001", "R-2026-0002")),
    ]  # fmt: skip


def test_impossible_date_orders() -> None:
    found = date_orders([
        facts(1, started=DAY - timedelta(days=1)),
        facts(2, started=DAY, closed=DAY - timedelta(days=1)),
        facts(3, feedback=DAY - timedelta(days=2)),
        facts(4, started=None, closed=DAY),  # nothing to compare: not an order problem
    ])  # fmt: skip
    assert [(f.message, f.ids) for f in found] == [
        ("service start before the referral (or intake)", ("R-2026-0001",)),
        ("closure before service start", ("R-2026-0002",)),
        ("feedback before the referral was sent", ("R-2026-0003",)),
    ]
    assert all(f.tier is Tier.HIGH for f in found)


def test_likely_duplicates_within_the_window_only() -> None:
    same = "HH-2026-0099"
    found = duplicates([
        facts(1, case_id=same), facts(2, case_id=same, sent=DAY + timedelta(days=30)),
        facts(3, case_id=same, sent=DAY + timedelta(days=90)),  # a new episode
        facts(4, case_id=same, to_agency="HOSP-SW"),  # another receiver
        facts(5, case_id=same, cancelled=True),  # withdrawn
    ], WITHIN)  # fmt: skip
    assert found == [Finding(
        Tier.HIGH, "duplicate",
        "likely duplicates: one case id, referred to LEGAL-VLA within 30 days",
        ("R-2026-0001", "R-2026-0002"),
    )]  # fmt: skip


def test_codes_retired_after_the_record_and_codes_never_defined() -> None:
    found = retired_codes([
        facts(1, codes={"housing_status": "doubled-up"}, dict_version="2026.1"),
        facts(2, codes={"housing_status": "doubled-up"}, dict_version=None),
        facts(3, codes={"housing_status": "doubled-up"}, dict_version="2026.2"),
        facts(4, codes={"housing_status": "castle"}),
    ], D)  # fmt: skip
    assert found == [
        Finding(Tier.WARNING, "retired-code",
                "housing_status 'doubled-up' was retired in 2026.2 after these were coded",
                ("R-2026-0001", "R-2026-0002")),
        Finding(Tier.ERROR, "unknown-code", "housing_status code not in the dictionary",
                ("R-2026-0004",)),
    ]  # fmt: skip


def test_the_unknown_share_rule_on_a_seeded_distribution() -> None:
    """Five agencies, 20 housing statuses each; unknown: A 2, B 3, C 4, D 12, E 7 (10%,
    15%, 20%, 60%, 35%). Ratio 2, floor 25%: D is flagged (the others' median is 17.5%,
    and 60% is at least twice that); so is E (its others' median is 17.5% too: 35% is
    exactly twice); C's 20% is under the floor. F has 9 records: never judged. With ratio 3
    only D stays (E's 35% is under 52.5%)."""
    unknown = {"A": 2, "B": 3, "C": 4, "D": 12, "E": 7}
    obs = []
    for agency, u in unknown.items():
        obs += [(agency, "housing_status", "data-not-collected")] * u
        obs += [(agency, "housing_status", "dv-shelter")] * (20 - u)
    obs += [("F", "housing_status", "client-doesnt-know")] * 9
    found = unknown_shares(obs, D, UnknownRule(ratio=2.0, min_share=0.25, min_records=10))
    assert [f.ids for f in found] == [("D",), ("E",)]
    assert found[0].message == (
        "housing_status: D has 60% unknown (12 of 20) against a median of 18% at the other "
        "agencies (rule: at least 2 times the median and 25%)"
    )
    # A stricter ratio keeps only D.
    strict = unknown_shares(obs, D, UnknownRule(ratio=3.0, min_share=0.25, min_records=10))
    assert [f.ids for f in strict] == [("D",)]


def test_errors_decide_the_exit() -> None:
    assert has_errors([Finding(Tier.HIGH, "x", "y", ("a",))])
    assert not has_errors([Finding(Tier.WARNING, "x", "y", ("a",))])
