"""A meeting's agenda in the seed's standard framework, filled with what the coalition did
since the series last met: purpose and attendance; prior action items, their overdue ones
split as DV multi-agency conferences do ('not possible, circumstances changed' or 'not
done'); standing items with live figures; focus topics; decisions and actions; the next
date. Figures that count referrals are suppressed below the reports' threshold; ids (R-…,
Q-…, CE-…) are shown, as they are in the room already."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from protocols.huddle.actions import ActionItem, ItemState
from protocols.meetings.series import PURPOSE, Occurrence, Series
from protocols.reports.suppression import as_text, shown_count


@dataclass(frozen=True, slots=True)
class AgendaFacts:
    series: Series
    occurrence: Occurrence
    timezone: str
    now: datetime
    agencies: Sequence[str]
    note_taker: str | None
    chair: str | None  # as the room should read it
    since: datetime | None  # the series' previous occurrence (None: the first)
    next_at: datetime | None
    prior_items: Sequence[ActionItem]
    referrals_sent: int
    referrals_overdue: Sequence[str]
    requests_unanswered: Sequence[str]
    events: Sequence[str]  # 'CE-… closed, review open'
    problems: Sequence[str]  # 'P-3 interpreters booked too late'
    capacity: Sequence[str]  # 'LEGAL-VLA/PO full (said 3d ago)'
    topics: Sequence[str]  # queued with !topic add
    suggested: Sequence[str]  # popular training-feedback topics
    below: int


Section = tuple[str, list[str]]
# A series' first agenda reports this far back (later ones, since the previous meeting).
FIRST_LOOKBACK = timedelta(days=30)


def _when(at: datetime, tz: str) -> str:
    return at.astimezone(ZoneInfo(tz)).strftime("%a %d %b %Y %H:%M")


def agenda(f: AgendaFacts) -> tuple[str, list[Section]]:
    """(heading, sections): each section a title and its lines, in the framework's order."""
    s, tz = f.series, f.timezone
    head = (
        f"Agenda: {s.title} ({s.label}, {s.kind.value}), {_when(f.occurrence.starts_at, tz)} {tz}"
    )
    since = f"since {_when(f.since, tz)}" if f.since else f"the last {FIRST_LOOKBACK.days} days"
    return head, [
        ("1. Welcome, attendance and purpose", _welcome(f)),
        ("2. Review of prior action items", _prior(f)),
        (f"3. Standing items ({since})", _standing(f)),
        ("4. Focus topics", _topics(f)),
        ("5. Decisions and action items", [
            "Record them here as they are taken: !agreed <decision>, "
            "!minutes action <owner> <due> <text>.",
        ]),
        ("6. Next meeting", [f"{_when(f.next_at, tz)} {tz}" if f.next_at else "not scheduled"]),
    ]  # fmt: skip


def _welcome(f: AgendaFacts) -> list[str]:
    lines = [f"Purpose: {PURPOSE[f.series.kind]}."]
    lines.append(f"Chair: {f.chair or 'not named'}; note-taker: {f.note_taker or 'not set'}.")
    lines.append(f"Agencies: {', '.join(f.agencies)}. Say !here, or !regrets <agency>.")
    return lines


def _prior(f: AgendaFacts) -> list[str]:
    if not f.prior_items:
        return ["None from earlier meetings of this series."]
    done, open_, not_possible, not_done = [], [], [], []
    for i in sorted(f.prior_items, key=lambda i: (i.event_id, i.number)):
        label = f"{i.event_id} {i.label} {i.owner.agency}: {i.text}"
        if i.state is ItemState.DONE:
            done.append(label)
        elif i.state in (ItemState.DROPPED, ItemState.CARRIED):
            not_possible.append(f"{label} ({i.resolution or i.state.value})")
        elif i.due <= f.now:
            not_done.append(f"{label} (due {_when(i.due, f.timezone)})")
        else:
            open_.append(f"{label} (due {_when(i.due, f.timezone)})")
    out = []
    for title, group in (("Done", done), ("Open", open_),
                         ("Not possible, circumstances changed", not_possible),
                         ("Not done", not_done)):  # fmt: skip
        out += [f"{title}: {line}" for line in group]
    return out


def _standing(f: AgendaFacts) -> list[str]:
    sent = as_text(shown_count(f.referrals_sent, f.below), f.below)
    overdue = ", ".join(f.referrals_overdue) or "none"
    unanswered = ", ".join(f.requests_unanswered) or "none"
    return [
        f"Referral volumes: {sent} sent; overdue feedback: {overdue}.",
        f"Requests unanswered: {unanswered}.",
        f"Crisis events: {'; '.join(f.events) or 'none'}.",
        f"Problems raised: {'; '.join(f.problems) or 'none'}.",
        f"Capacity: {'; '.join(f.capacity) or 'no word from any program'}.",
    ]


def _topics(f: AgendaFacts) -> list[str]:
    lines = [f"Queued: {t}" for t in f.topics]
    lines += [f"Suggested in training feedback: {t}" for t in f.suggested]
    return lines or ["None queued: !topic add <text> adds one."]
