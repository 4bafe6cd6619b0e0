"""The referral report's figures, from referrals sent in a period: volumes by pathway, source
and receiver; the status and decline-reason distributions; median and p90 times to
acknowledgement and to outcome; overdue counts; the misdirected share; capacity declines;
and a trend by week or month. Every count small enough to point at a person is suppressed
(protocols.reports.suppression), and so is a time figure over fewer referrals than that.

Definitions (the README repeats them):
- acknowledgement: the first answering status (received, accepted, waitlisted, declined);
- outcome: the receiving agency's decision, accepted or declined (the first of them);
- times are wall-clock from sending; the median is the middle value (the mean of the two
  middle ones for an even count), p90 the nearest-rank 90th percentile;
- answered late: the first feedback came after the deadline; overdue now: still no feedback
  and the deadline has passed;
- misdirected: declined as not eligible or referred elsewhere, as a share of all referrals
  sent in the period;
- at capacity: declined, or waiting on the waitlist, with the reason at-capacity."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from protocols.referrals.lifecycle import Pathway, Reason, Referral, Status
from protocols.reports.period import Period
from protocols.reports.suppression import Table, shown_count, small, suppressed_table

_MISDIRECTED = frozenset({Reason.NOT_ELIGIBLE, Reason.REFERRED_ELSEWHERE})
# The trend's groups, in stacking order.
GROUPS = ("accepted", "waitlisted", "declined", "awaiting", "cancelled")
_GROUP_OF = {
    Status.ACCEPTED: "accepted",
    Status.COMPLETED: "accepted",
    Status.WAITLISTED: "waitlisted",
    Status.DECLINED: "declined",
    Status.SENT: "awaiting",
    Status.RECEIVED: "awaiting",
    Status.CANCELLED: "cancelled",
}
# Weekly buckets up to this period length, monthly beyond.
_WEEKLY_UP_TO_DAYS = 92


@dataclass(frozen=True, slots=True)
class Section:
    """A table of the report: one row per label, one column per (name, Table)."""

    key: str
    title: str
    label: str
    columns: tuple[tuple[str, Table], ...]

    def labels(self) -> list[str]:
        return [label for label, _ in self.columns[0][1].rows]


@dataclass(frozen=True, slots=True)
class Timing:
    """Times over `n` referrals; None where suppressed (or none to measure)."""

    n: int | None
    median: timedelta | None
    p90: timedelta | None


@dataclass(frozen=True, slots=True)
class Bucket:
    label: str
    start: datetime
    counts: Table


@dataclass(frozen=True, slots=True)
class ReferralReport:
    period: Period
    below: int
    total: int | None
    sections: tuple[Section, ...]
    to_acknowledgement: Timing
    to_outcome: Timing
    answered_late: int | None
    overdue_now: int | None
    misdirected: int | None
    misdirected_share: float | None
    declined_at_capacity: int | None
    waitlisted_at_capacity: int | None
    trend: tuple[Bucket, ...]
    trend_unit: str


def build_report(
    referrals: Iterable[Referral],
    period: Period,
    now: datetime,
    below: int,
    agencies: Sequence[str],
    timezone: str,
) -> ReferralReport:
    """The report over the referrals sent within `period` (others are ignored). `agencies`
    orders the source and receiver rows; an agency no longer configured is added after."""
    chosen = [r for r in referrals if period.holds(r.created_at)]
    declined = [r for r in chosen if r.status is Status.DECLINED]
    misdirected = sum(1 for r in declined if r.reason in _MISDIRECTED)
    total = len(chosen)
    unit = "week" if period.days <= _WEEKLY_UP_TO_DAYS else "month"
    return ReferralReport(
        period=period,
        below=below,
        total=shown_count(total, below),
        sections=_sections(chosen, below, agencies),
        to_acknowledgement=_timing([r.acknowledged_at - r.created_at for r in chosen
                                    if r.acknowledged_at is not None], below),
        to_outcome=_timing([r.decided_at - r.created_at for r in chosen
                            if r.decided_at is not None], below),
        answered_late=shown_count(
            sum(1 for r in chosen if r.acknowledged_at is not None and r.acknowledged_at > r.due),
            below,
        ),
        overdue_now=shown_count(
            sum(1 for r in chosen if r.status is Status.SENT and r.due <= now), below
        ),
        misdirected=shown_count(misdirected, below),
        misdirected_share=(
            None if small(misdirected, below) or small(total, below) or not total
            else misdirected / total
        ),
        declined_at_capacity=shown_count(
            sum(1 for r in declined if r.reason is Reason.AT_CAPACITY), below
        ),
        waitlisted_at_capacity=shown_count(
            sum(1 for r in chosen
                if r.status is Status.WAITLISTED and r.reason is Reason.AT_CAPACITY),
            below,
        ),
        trend=_trend(chosen, period, unit, below, timezone),
        trend_unit=unit,
    )  # fmt: skip


def _sections(chosen: list[Referral], below: int, agencies: Sequence[str]) -> tuple[Section, ...]:
    seen = [*agencies, *sorted({r.from_agency for r in chosen} | {r.to_agency for r in chosen})]
    order = list(dict.fromkeys(seen))
    declined = [r for r in chosen if r.status is Status.DECLINED]

    def counted(values: Iterable[str], labels: Iterable[str]) -> Table:
        found = Counter(values)
        return suppressed_table({label: found[label] for label in labels}, below)

    return (
        Section("pathway", "Referrals by pathway", "pathway",
                (("referrals", counted((r.pathway.value for r in chosen),
                                       (p.value for p in Pathway))),)),
        Section("agency", "Referrals by agency", "agency", (
            ("sent", counted((r.from_agency for r in chosen), order)),
            ("received", counted((r.to_agency for r in chosen), order)),
        )),
        Section("status", "Where they stand now", "status",
                (("referrals", counted((r.status.value for r in chosen),
                                       (s.value for s in Status))),)),
        Section("decline_reason", "Why declined", "reason",
                (("declined", counted((r.reason.value for r in declined if r.reason),
                                      (x.value for x in Reason))),)),
    )  # fmt: skip


def _timing(values: list[timedelta], below: int) -> Timing:
    if not values or small(len(values), below):
        return Timing(shown_count(len(values), below), None, None)
    ordered = sorted(values)
    half = len(ordered) // 2
    median = ordered[half] if len(ordered) % 2 else (ordered[half - 1] + ordered[half]) / 2
    p90 = ordered[math.ceil(0.9 * len(ordered)) - 1]
    return Timing(len(values), median, p90)


def _trend(
    chosen: list[Referral], period: Period, unit: str, below: int, timezone: str
) -> tuple[Bucket, ...]:
    starts = _bucket_starts(period, unit, ZoneInfo(timezone))
    buckets: list[Counter[str]] = [Counter() for _ in starts]
    for r in chosen:
        index = max(i for i, s in enumerate(starts) if s <= r.created_at)
        buckets[index][_GROUP_OF[r.status]] += 1
    fmt = "%d %b" if unit == "week" else "%Y-%m"
    zone = ZoneInfo(timezone)
    return tuple(
        Bucket(
            start.astimezone(zone).strftime(fmt),
            start,
            suppressed_table({g: counts[g] for g in GROUPS}, below),
        )
        for start, counts in zip(starts, buckets, strict=True)
    )


def _bucket_starts(period: Period, unit: str, zone: ZoneInfo) -> list[datetime]:
    """Weeks: 7-day steps on the coalition's wall clock from the period's start (a week
    across a DST change still starts at the same local hour). Months: the period's start,
    then the first of each following month in the coalition's timezone."""
    local = period.start.astimezone(zone)
    if unit == "week":
        count = max(1, math.ceil(period.days / 7))
        weeks = [(local + timedelta(days=7 * i)).astimezone(period.start.tzinfo)
                 for i in range(count)]  # fmt: skip
        return [period.start, *(w for w in weeks[1:] if w < period.end)]
    starts = [period.start]
    year, month = local.year, local.month
    while True:
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        nxt = datetime(year, month, 1, tzinfo=zone).astimezone(period.start.tzinfo)
        if nxt >= period.end:
            return starts
        starts.append(nxt)
