"""A referral's feedback deadline, as a durable deadline like a page's: at the deadline
its receiving contact is reminded, a business day on its supervisor, another on the
referrer and the coordinators. Each rung once, each a timeline entry of the referral."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.referrals.messages import person_dm, to_person
from protocols.config.schema import Agency
from protocols.outbox import OutgoingMessage
from protocols.paging.escalation import contact_chain
from protocols.referrals.feedback import Rung, next_rung_at, rung_due
from protocols.referrals.lifecycle import Referral, Status
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import referrals, requests, timeline


async def wakeups(session: AsyncSession) -> dict[str, datetime]:
    return {
        r.id: next_rung_at(r.due, Rung(r.rung), r.receiver, r.timezone) or r.due
        for r in await referrals.awaiting_feedback(session)
        if r.rung < int(Rung.REFERRER)
    }


async def run(session: AsyncSession, ref: str, now: datetime) -> Due:
    r = await referrals.get(session, ref)
    if r is None or r.status is not Status.SENT:
        return [], None  # answered (or gone): no more reminders
    rung = rung_due(r.due, Rung(r.rung), r.receiver, r.timezone, now)
    messages: list[OutgoingMessage] = []
    if rung is not Rung.NONE:
        messages = _told(r, rung, now)
        r = dataclasses.replace(r, rung=int(rung))
        await referrals.save(session, r)
        text = f"feedback overdue: {_RUNGS[rung]} told"
        await timeline.append(session, TimelineEntry(ref, now, EntryKind.REFERRAL, text))
    return messages, next_rung_at(r.due, Rung(r.rung), r.receiver, r.timezone)


SOURCE = DeadlineSource("referrals", "R-", wakeups, run)


async def request_wakeups(session: AsyncSession) -> dict[str, datetime]:
    return {
        q.id: next_rung_at(q.due, Rung(q.rung), q.receiver, q.timezone) or q.due
        for q in await requests.unanswered(session)
        if q.rung < int(Rung.REFERRER)
    }


async def request_run(session: AsyncSession, ref: str, now: datetime) -> Due:
    """An unanswered request climbs the same ladder as a referral's feedback."""
    q = await requests.get(session, ref)
    if q is None or q.answered_at is not None:
        return [], None
    rung = rung_due(q.due, Rung(q.rung), q.receiver, q.timezone, now)
    messages: list[OutgoingMessage] = []
    if rung is not Rung.NONE:
        who = ladder(q.receiver, q.created_at, q.timezone, rung, q.from_user, q.coordinators)
        text = f"to {q.to_agency} is unanswered: the answer was due."
        messages = [person_dm(q.id, u, f"overdue{int(rung)}", text) for u in who]
        q = dataclasses.replace(q, rung=int(rung))
        await requests.save(session, q)
        entry = f"unanswered: {_RUNGS[rung]} told"
        await timeline.append(session, TimelineEntry(ref, now, EntryKind.REFERRAL, entry))
    return messages, next_rung_at(q.due, Rung(q.rung), q.receiver, q.timezone)


REQUESTS = DeadlineSource("requests", "Q-", request_wakeups, request_run)


_RUNGS = {
    Rung.CONTACT: "the receiving contact",
    Rung.SUPERVISOR: "the receiving supervisor",
    Rung.REFERRER: "the referrer and the coordinators",
}


def _told(r: Referral, rung: Rung, now: datetime) -> list[OutgoingMessage]:
    text = f"to {r.to}: feedback was due and has not come."
    who = ladder(r.receiver, r.created_at, r.timezone, rung, r.from_user, r.coordinators)
    return [to_person(r, u, f"overdue{int(rung)}", text) for u in who]


def ladder(
    receiver: Agency,
    sent_at: datetime,
    tz: str,
    rung: Rung,
    asker: str,
    coordinators: tuple[str, ...],
) -> list[str]:
    """Who a rung tells: the contact who was sent it (a reminder at the day's end would
    otherwise go to the after-hours line), then the most senior on the agency's escalation
    path, then the one who asked and the coordinators."""
    chain = contact_chain(receiver, sent_at, tz)
    if rung is Rung.CONTACT:
        return [str(chain[0].user_id)]
    if rung is Rung.SUPERVISOR:
        return [str(chain[-1].user_id)]
    return list(dict.fromkeys([asker, *coordinators]))
