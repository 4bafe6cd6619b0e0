"""Action items from a series' minutes, reminded on the huddle's ladder (before the due
time, at it, and after a grace with the agency's backup) in the meeting's thread."""

from __future__ import annotations

import dataclasses
import hashlib
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.framework import Reply
from commands.meetings.messages import in_meeting_thread
from protocols.due import describe_due
from protocols.huddle.actions import (
    ActionItem,
    ItemKind,
    ReminderPolicy,
    Stage,
    due_reminders,
    next_reminder,
)
from protocols.ids import UserId
from protocols.meetings.series import Occurrence, Series
from protocols.outbox import OutgoingMessage
from storage.repositories import items

_HEADS = {Stage.REMINDED: "Reminder", Stage.OVERDUE: "Overdue", Stage.ESCALATED: "Still open"}


def policy(series: Series) -> ReminderPolicy:
    m = series.snapshot.meetings
    return ReminderPolicy(m.item_reminder_lead, m.item_overdue_grace)


async def _open_items(
    session: AsyncSession, occs: list[Occurrence]
) -> list[tuple[Occurrence, ActionItem]]:
    found = []
    for occ in occs:
        found += [(occ, i) for i in await items.for_event(session, occ.key)
                  if i.kind is ItemKind.ACTION]  # fmt: skip
    return found


async def item_reminders(session: AsyncSession, series: Series, occs: list[Occurrence],
                         now: datetime) -> list[OutgoingMessage]:  # fmt: skip
    out = []
    by_key = {o.key: o for o in occs}
    found = [i for _, i in await _open_items(session, occs)]
    tz = series.snapshot.timezone
    for r in due_reminders(found, policy(series), now):
        item, occ = r.item, by_key[r.item.event_id]
        await items.save(session, dataclasses.replace(item, stage=r.stage))
        who = ", ".join(series.snapshot.name_of(u) for u in r.mentions)
        text = (f"{_HEADS[r.stage]}: {occ.key} {item.label} for {item.owner.agency}, due "
                f"{describe_due(item.due, now, tz)}: {item.text} ({who})")  # fmt: skip
        fact = f"{item.event_id}{item.label}@{int(item.due.timestamp())}"
        key = f"mrem{int(r.stage)}-{hashlib.sha256(fact.encode()).hexdigest()[:16]}"
        reply = Reply(text, None, tuple(UserId(u) for u in r.mentions))
        out.append(in_meeting_thread(key, series.room_id, occ.root_event_id, reply))
    return out


async def next_item_reminder(session: AsyncSession, series: Series,
                             occs: list[Occurrence]) -> datetime | None:  # fmt: skip
    found = [i for _, i in await _open_items(session, occs)]
    return next_reminder(found, policy(series))
