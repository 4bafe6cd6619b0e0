"""Referral feedback and request answers, as durable deadlines like a page's: at the
deadline the receiving contact is reminded, a business day on the agency's most senior
contact, another on the one who asked and the coordinators. Each rung once, each a
timeline entry of the referral or request."""

from __future__ import annotations

import dataclasses
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Protocol, TypeVar

from sqlalchemy.ext.asyncio import AsyncSession

from commands.deadlines import DeadlineSource, Due
from commands.referrals.messages import person_dm
from protocols.config.schema import Agency
from protocols.paging.escalation import contact_chain
from protocols.referrals.feedback import Rung, next_rung_at, rung_due
from protocols.referrals.lifecycle import Status
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import referrals, requests, timeline

_RUNGS = {
    Rung.CONTACT: "the receiving contact",
    Rung.SUPERVISOR: "the receiving supervisor",
    Rung.REFERRER: "the referrer and the coordinators",
}


class Chased(Protocol):
    """What the ladder reads of a referral or a request (both frozen dataclasses)."""

    @property
    def id(self) -> str: ...
    @property
    def due(self) -> datetime: ...
    @property
    def rung(self) -> int: ...
    @property
    def ladder_step(self) -> timedelta | None: ...
    @property
    def receiver(self) -> Agency: ...
    @property
    def timezone(self) -> str: ...
    @property
    def created_at(self) -> datetime: ...
    @property
    def from_user(self) -> str: ...
    @property
    def coordinators(self) -> tuple[str, ...]: ...


C = TypeVar("C", bound=Chased)


def _next(item: Chased) -> datetime | None:
    return next_rung_at(item.due, Rung(item.rung), item.receiver, item.timezone, item.ladder_step)


async def _climb(
    session: AsyncSession,
    item: C,
    now: datetime,
    overdue: str,
    save: Callable[[AsyncSession, C], Awaitable[None]],
) -> Due:
    """Tell the rung now due (if any) for a referral or a request, record it, and say
    when the next rung falls due."""
    rung = rung_due(item.due, Rung(item.rung), item.receiver, item.timezone, now, item.ladder_step)
    if rung is Rung.NONE:
        return [], _next(item)
    who = ladder(
        item.receiver, item.created_at, item.timezone, rung, item.from_user, item.coordinators
    )
    messages = [person_dm(item.id, u, f"overdue{int(rung)}", overdue) for u in who]
    # Both kinds are frozen dataclasses; a Protocol cannot say so to mypy.
    item = dataclasses.replace(item, rung=int(rung))  # type: ignore[type-var]
    await save(session, item)
    entry = f"{overdue.split(':')[0]}: {_RUNGS[rung]} told"
    await timeline.append(session, TimelineEntry(item.id, now, EntryKind.REFERRAL, entry))
    return messages, _next(item)


async def wakeups(session: AsyncSession) -> dict[str, datetime]:
    waiting = await referrals.awaiting_feedback(session)
    return {r.id: _next(r) or r.due for r in waiting if r.rung < int(Rung.REFERRER)}


async def run(session: AsyncSession, ref: str, now: datetime) -> Due:
    r = await referrals.get(session, ref)
    if r is None or r.status is not Status.SENT:
        return [], None  # answered (or gone): no more reminders
    text = f"feedback overdue: to {r.to}, it was due and has not come."
    return await _climb(session, r, now, text, referrals.save)


SOURCE = DeadlineSource("referrals", "R-", wakeups, run)


async def request_wakeups(session: AsyncSession) -> dict[str, datetime]:
    waiting = await requests.unanswered(session)
    return {q.id: _next(q) or q.due for q in waiting if q.rung < int(Rung.REFERRER)}


async def request_run(session: AsyncSession, ref: str, now: datetime) -> Due:
    q = await requests.get(session, ref)
    if q is None or q.answered_at is not None:
        return [], None
    text = f"unanswered: to {q.to_agency}, the answer was due."
    return await _climb(session, q, now, text, requests.save)


REQUESTS = DeadlineSource("requests", "Q-", request_wakeups, request_run)


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
