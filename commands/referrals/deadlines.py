"""A referral's feedback deadline, as a durable deadline like a page's: at the deadline
its receiving contact is reminded, a business day on its supervisor, another on the
referrer and the coordinators. Each rung once, each a timeline entry of the referral."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.referrals.messages import to_person
from protocols.outbox import OutgoingMessage
from protocols.paging.escalation import contact_chain
from protocols.referrals.feedback import Rung, next_rung_at, rung_due
from protocols.referrals.lifecycle import Referral, Status
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import referrals, timeline


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


_RUNGS = {
    Rung.CONTACT: "the receiving contact",
    Rung.SUPERVISOR: "the receiving supervisor",
    Rung.REFERRER: "the referrer and the coordinators",
}


def _told(r: Referral, rung: Rung, now: datetime) -> list[OutgoingMessage]:
    text = f"to {r.to}: feedback was due and has not come."
    # The contact who was sent the referral (a reminder at the day's end would otherwise go
    # to the after-hours line), then the most senior on the agency's escalation path.
    chain = contact_chain(r.receiver, r.created_at, r.timezone)
    if rung is Rung.CONTACT:
        who = [str(chain[0].user_id)]
    elif rung is Rung.SUPERVISOR:
        who = [str(chain[-1].user_id)]  # the end of its escalation path: the most senior
    else:
        who = [r.from_user, *r.coordinators]
    return [to_person(r, u, f"overdue{int(rung)}", text) for u in dict.fromkeys(who)]
