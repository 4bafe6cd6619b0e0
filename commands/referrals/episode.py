"""!referral R-… started|closed <date>: the service episode's dates, by the receiving
agency; the referrer is told."""

from __future__ import annotations

import dataclasses
from zoneinfo import ZoneInfo

from commands.kernel.framework import CommandContext, Reply
from commands.referrals.messages import person_dm
from protocols.errors import PermissionDenied, UserError
from protocols.referrals.episode import parse_day, record
from protocols.referrals.lifecycle import Referral
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import referrals, timeline


async def service_dates(ctx: CommandContext, r: Referral, which: str, when: str | None) -> Reply:
    if ctx.member.agency != r.to_agency:
        raise PermissionDenied(
            f"Only {r.to_agency}, the receiving agency, records {r.id}'s service."
        )
    if not when:
        raise UserError(f"Say the date: !referral {r.id} {which} YYYY-MM-DD (or today).")
    zone = ZoneInfo(r.receiver.timezone or r.timezone)
    today = ctx.now.astimezone(zone).date()
    day = parse_day(when.split()[0], today)
    sent_on = r.created_at.astimezone(zone).date()
    updated = dataclasses.replace(record(r, which, day, today, sent_on), updated_at=ctx.now)
    await referrals.save(ctx.session, updated)
    said = f"service {which} {day.isoformat()}"
    await timeline.append(
        ctx.session,
        TimelineEntry(r.id, ctx.now, EntryKind.REFERRAL, said, ctx.member.agency, ctx.sender),
    )
    ctx.outgoing.append(person_dm(r.id, r.from_user, which, f"{said} at {r.to_agency}."))
    ctx.touched_events.add(r.id)
    return Reply(f"{r.id}: {said}.")
