"""The demo's calendar, on its first run: a monthly partners' meeting and a cross-training
session, so a person trying MACT sees an agenda, minutes and RSVPs without scheduling first."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from commands.meetings.schedule import materialize
from protocols.meetings.recurrence import rule_for
from protocols.meetings.series import MeetingKind, Series
from protocols.meetings.snapshot import snapshot_of
from protocols.roles import Role
from protocols.training.sessions import Training, TrainingFormat
from storage.repositories import meetings, trainings

from .app import Bot


def _next(weekday: int, at: time, now: datetime, tz: str) -> datetime:
    """The next such weekday at `at`, at least a day away, on the coalition's clock."""
    local = now.astimezone(ZoneInfo(tz))
    days = (weekday - local.weekday()) % 7 or 7
    day = (local + timedelta(days=days)).date()
    return datetime.combine(day, at, tzinfo=ZoneInfo(tz))


async def seed_calendar(bot: Bot, now: datetime) -> list[str]:
    """The labels of what was added (nothing if the demo has a calendar already)."""
    config = bot.config
    tz = config.coalition.timezone
    room = bot.rooms.room_ids.get(config.coalition.coordination_rooms[0])
    chair = next(iter(config.users_with_role(Role.COORDINATOR)), None)
    if room is None or chair is None:
        return []
    async with bot.db.transaction() as session:
        if await meetings.count_series(session) or await trainings.every(session):
            return []
        snap = snapshot_of(config)
        start = _next(1, time(10, 0), now, tz)  # a Tuesday
        series = await meetings.add_series(session, Series(
            0, MeetingKind.OPERATIONAL, "Partners' case coordination", start,
            rule_for("monthly", start), None, chair, room, None, chair, now, snap,
        ))  # fmt: skip
        await materialize(session, series, now)
        begins = _next(3, time(14, 0), now, tz).astimezone(now.tzinfo)  # a Thursday
        t = await trainings.add(session, Training(
            0, begins, begins + config.training.default_length,
            "Referral pathways and eligibility", "LEGAL-VLA", TrainingFormat.JOINT, room,
            chair, now, begins - config.training.remind_before, snap,
        ))  # fmt: skip
    for label in (series.label, t.label):
        bot.timers.arm(label, now)
    return [series.label, t.label]
