"""The referral report's figures on seeded referrals, exact, with and without suppression,
and its Markdown, CSV and JSON forms."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime, timedelta

import pytest

from protocols.config.schema import MactConfig
from protocols.referrals.lifecycle import (
    Basis,
    Consent,
    Pathway,
    Reason,
    Referral,
    Status,
    Urgency,
)
from protocols.referrals.report import ReferralReport, build_report
from protocols.referrals.report_formats import chart_spec, render, to_json
from protocols.reports.period import parse_period
from protocols.reports.suppression import Table
from tests.protocols.coalition import config as coalition

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
TZ = "America/Chicago"
H = timedelta(hours=1)


def _referral(
    n: int,
    src: str,
    dst: str,
    pathway: Pathway,
    status: Status,
    created: datetime,
    *,
    ack: timedelta | None = None,
    decided: timedelta | None = None,
    reason: Reason | None = None,
    due: timedelta = timedelta(days=3),
    config: MactConfig,
) -> Referral:
    receiver = config.agency(dst) or config.agencies[0]
    return Referral(
        id=f"R-2026-{n:04d}", from_agency=src, from_user="@s1:hs", to_agency=dst, program=None,
        purpose="counseling", basis=Basis.INTERVIEW, urgency=Urgency.STANDARD, pathway=pathway,
        consent=Consent.VERBAL, case_ref=None, status=status, created_at=created,
        due=created + due, receiver=receiver, coordinators=(), timezone=TZ, reason=reason,
        acknowledged_at=created + ack if ack else None,
        decided_at=created + decided if decided else None,
    )  # fmt: skip


def seeded() -> list[Referral]:
    """22 referrals in November 2026 and one in October."""
    c = coalition()
    week1 = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)
    out = [
        _referral(
            i,
            "SHELTER",
            "HOSP",
            Pathway.DIRECT,
            Status.ACCEPTED,
            week1 + i * H,
            ack=i * H,
            decided=2 * i * H,
            config=c,
        )
        for i in range(1, 13)
    ]
    for j, reason in enumerate(
        [Reason.NOT_ELIGIBLE] * 3 + [Reason.REFERRED_ELSEWHERE] + [Reason.AT_CAPACITY] * 2
    ):
        out.append(
            _referral(
                20 + j,
                "HOSP",
                "SHELTER",
                Pathway.WARM,
                Status.DECLINED,
                week1 + 24 * H,
                ack=24 * H,
                decided=24 * H,
                reason=reason,
                config=c,
            )
        )
    week3 = datetime(2026, 11, 16, 15, 0, tzinfo=UTC)
    out += [
        _referral(
            30 + k,
            "SHELTER",
            "PD",
            Pathway.TRIAGE,
            Status.SENT,
            week3,
            due=timedelta(days=1),
            config=c,
        )
        for k in range(3)
    ]
    out.append(
        _referral(
            40,
            "LEGAL",
            "SHELTER",
            Pathway.EMBEDDED,
            Status.WAITLISTED,
            week1 + 48 * H,
            ack=50 * H,
            due=48 * H,
            reason=Reason.AT_CAPACITY,
            config=c,
        )
    )
    out.append(
        _referral(
            50,
            "SHELTER",
            "HOSP",
            Pathway.DIRECT,
            Status.ACCEPTED,
            datetime(2026, 10, 20, tzinfo=UTC),
            ack=H,
            decided=H,
            config=c,
        )
    )
    return out  # fmt: skip


def report(below: int = 5) -> ReferralReport:
    period = parse_period("2026-11", NOW, TZ)
    return build_report(seeded(), period, NOW, below, ("SHELTER", "HOSP", "PD"), TZ)


def table(r: ReferralReport, key: str, column: int = 0) -> Table:
    return next(s for s in r.sections if s.key == key).columns[column][1]


def test_volumes_with_small_counts_suppressed() -> None:
    r = report()
    assert r.total == 22
    assert table(r, "pathway") == Table(
        (("direct", 12), ("warm", 6), ("triage", None), ("embedded", None)), 22
    )
    # LEGAL's 1 alone would show by subtraction, so HOSP's 6 goes with it.
    assert table(r, "agency", 0) == Table(
        (("SHELTER", 15), ("HOSP", None), ("PD", 0), ("LEGAL", None)), 22
    )
    assert table(r, "agency", 1) == Table(
        (("SHELTER", None), ("HOSP", 12), ("PD", None), ("LEGAL", 0)), 22
    )
    assert table(r, "status") == Table(
        (("sent", None), ("received", 0), ("accepted", 12), ("waitlisted", None),
         ("declined", 6), ("completed", 0), ("cancelled", 0)), 22,
    )  # fmt: skip
    assert table(r, "decline_reason").total == 6
    assert {v for _, v in table(r, "decline_reason").rows} == {None, 0}


def test_times_overdue_misdirected_and_capacity() -> None:
    r = report()
    # Acknowledged: 1..12 h, six at 24 h, one at 50 h (19); decided: 2..24 h and six at 24 h.
    assert (r.to_acknowledgement.n, r.to_acknowledgement.median, r.to_acknowledgement.p90) == (
        19,
        10 * H,
        24 * H,
    )
    assert (r.to_outcome.n, r.to_outcome.median, r.to_outcome.p90) == (18, 19 * H, 24 * H)
    assert (r.answered_late, r.overdue_now) == (None, None)  # 1 and 3
    assert (r.misdirected, r.misdirected_share) == (None, None)  # 4 of 22
    assert (r.declined_at_capacity, r.waitlisted_at_capacity) == (None, None)  # 2 and 1


def test_the_same_data_unsuppressed() -> None:
    r = report(below=1)
    assert (r.answered_late, r.overdue_now) == (1, 3)
    assert r.misdirected == 4
    assert r.misdirected_share == pytest.approx(4 / 22)
    assert (r.declined_at_capacity, r.waitlisted_at_capacity) == (2, 1)
    assert table(r, "decline_reason") == Table(
        (("at-capacity", 2), ("not-eligible", 3), ("referred-elsewhere", 1),
         ("could-not-contact", 0), ("client-declined", 0), ("other", 0)), 6,
    )  # fmt: skip


def test_a_time_over_too_few_referrals_is_suppressed() -> None:
    period = parse_period("2026-11", NOW, TZ)
    few = [r for r in seeded() if r.pathway is Pathway.WARM][:4]
    r = build_report(few, period, NOW, 5, ("SHELTER",), TZ)
    assert (r.total, r.to_acknowledgement.n, r.to_acknowledgement.median) == (None, None, None)


def test_weekly_trend_in_local_weeks() -> None:
    r = report()
    assert r.trend_unit == "week"
    assert [b.label for b in r.trend] == ["01 Nov", "08 Nov", "15 Nov", "22 Nov", "29 Nov"]
    # Week 1: 12 accepted, 6 declined, 1 waitlisted (hidden, and declined with it).
    assert r.trend[0].counts == Table(
        (("accepted", 12), ("waitlisted", None), ("declined", None), ("awaiting", 0),
         ("cancelled", 0)), 19,
    )  # fmt: skip
    # Week 3: three awaiting: a small total hides all.
    assert r.trend[2].counts.total is None
    assert r.trend[2].counts.shown("awaiting") is None


def test_a_year_is_charted_by_month() -> None:
    period = parse_period("2026", NOW, TZ)
    r = build_report(seeded(), period, NOW, 5, ("SHELTER",), TZ)
    assert r.trend_unit == "month"
    # The year so far: to now, on 1 December (its first local hours count too).
    assert len(r.trend) == 12
    assert [b.label for b in r.trend][-3:] == ["2026-10", "2026-11", "2026-12"]
    assert r.total == 23


def test_markdown_csv_and_json_agree() -> None:
    r = report()
    md = render(r, "md")
    assert "| Referrals sent | 22 |" in md
    assert "| Median time to acknowledgement (of 19) | 10h00m |" in md
    assert "| Misdirected share of referrals | suppressed |" in md
    assert "| LEGAL | <5 | 0 |" in md
    rows = list(csv.reader(io.StringIO(render(r, "csv"))))
    assert ["pathway", "triage", "referrals", "<5"] in rows
    assert ["figures", "median_hours_to_outcome", "value", "19.0"] in rows
    data = json.loads(render(r, "json"))
    assert data == to_json(r) | {}
    assert data["figures"]["overdue_now"] is None
    assert data["tables"]["agency"]["sent"] == {
        "SHELTER": 15,
        "HOSP": None,
        "PD": 0,
        "LEGAL": None,
        "total": 22,
    }
    spec = chart_spec(r)
    assert spec["values"][0] == [12, None, None, 0, 0]
    assert spec["totals"][2] is None
