"""What an agenda reads of the coalition's records since the series last met."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from protocols.durations import format_duration
from protocols.meetings.agenda import FIRST_LOOKBACK, AgendaFacts
from protocols.meetings.series import Occurrence, OccurrenceState, Series
from protocols.referrals.lifecycle import Status
from protocols.training.sessions import ranked_topics
from storage.repositories import (
    capacity,
    contact_log,
    crisis,
    items,
    meetings,
    referrals,
    requests,
    reviews,
    trainings,
)


async def agenda_facts(
    session: AsyncSession,
    series: Series,
    occ: Occurrence,
    others: list[Occurrence],
    note_taker: str | None,
    now: datetime,
    below: int,
) -> tuple[AgendaFacts, list[int], list[int]]:
    """The facts, and the ids of the queued topics and problems it takes up."""
    earlier = [o for o in others if o.starts_at < occ.starts_at and o.agenda_posted_at]
    later = [o for o in others
             if o.starts_at > occ.starts_at and o.state is OccurrenceState.SCHEDULED]  # fmt: skip
    since = earlier[-1].starts_at if earlier else None
    start = since or (occ.starts_at - FIRST_LOOKBACK)
    prior = [i for o in earlier for i in await items.for_event(session, o.key)]
    waiting = await referrals.awaiting_feedback(session)
    topics = await meetings.queued_topics(session)
    problems = await contact_log.queued_problems(session)
    suggestions = [f.suggestion for f in await trainings.feedback(session) if f.suggestion]
    snap = series.snapshot
    facts = AgendaFacts(
        series=series, occurrence=occ, timezone=snap.timezone, now=now,
        agencies=snap.agencies, note_taker=note_taker,
        chair=snap.name_of(series.chair) if series.chair else None, since=since,
        next_at=later[0].starts_at if later else None, prior_items=prior,
        referrals_sent=len(await referrals.sent_between(session, start, now)),
        referrals_overdue=[r.id for r in waiting if r.status is Status.SENT and r.due <= now],
        requests_unanswered=[q.id for q in await requests.unanswered(session)],
        events=await _events(session, start, now),
        problems=[f"P-{p.id} {p.text}" for p in problems],
        capacity=[f"{w.where} {w.said()} (said {format_duration(now - w.at)} ago)"
                  for w in await capacity.every(session)],
        topics=[text for _, text in topics],
        suggested=[text for text, _ in ranked_topics(suggestions)[:3]], below=below,
    )  # fmt: skip
    return facts, [n for n, _ in topics], [p.id for p in problems if p.id is not None]


async def _events(session: AsyncSession, start: datetime, now: datetime) -> list[str]:
    out = []
    for e in await crisis.activated_between(session, start, now):
        review = await reviews.get(session, e.id)
        if review is None:
            state = "no review yet"
        elif review.closed_at is not None:
            state = "review closed"
        else:
            state = "review open"
        out.append(f"{e.id} {e.state.value}, {state}")
    return out
