"""When a referral must be answered, in the receiving agency's business days, and who is
told when it is not: first its contact, then its supervisor, then the referrer and the
coordinators. Each rung once, like an action item's reminders."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import IntEnum
from zoneinfo import ZoneInfo

from protocols.calendar import DEFAULT_WORKDAYS, WEEKDAYS, add_business_days, is_holiday
from protocols.config.policies import ReferralSettings
from protocols.config.schema import Agency
from protocols.referrals.lifecycle import Urgency


@dataclass(frozen=True, slots=True)
class FeedbackRules:
    """Business days to answer, by urgency (0: the same business day); an urgent referral
    is answered within `urgent_within` of being sent, at any hour."""

    business_days: Mapping[Urgency, int]
    urgent_within: timedelta = timedelta(hours=4)

    @classmethod
    def of(cls, settings: ReferralSettings) -> FeedbackRules:
        days = {Urgency.STANDARD: settings.standard_days, Urgency.PRIORITY: settings.priority_days}
        return cls({**days, Urgency.URGENT: 0}, settings.urgent_within)


DEFAULT_RULES = FeedbackRules({Urgency.STANDARD: 3, Urgency.PRIORITY: 1, Urgency.URGENT: 0})


class Rung(IntEnum):
    NONE = 0
    CONTACT = 1  # at the deadline: the receiving agency's contact
    SUPERVISOR = 2  # a business day later: its supervisor (escalation path)
    REFERRER = 3  # another business day later: the referrer and the coordinators


def _calendar(agency: Agency) -> tuple[tuple[str, ...], str | None, str | None, tuple[date, ...]]:
    hours = agency.business_hours
    cal = agency.holidays
    return (
        hours.days if hours else DEFAULT_WORKDAYS,
        cal.country if cal else None,
        cal.subdivision if cal else None,
        tuple(cal.extra_closures) if cal else (),
    )


def _is_workday(day: date, agency: Agency) -> bool:
    days, country, subdivision, extra = _calendar(agency)
    return WEEKDAYS[day.weekday()] in days and not is_holiday(day, country, subdivision, extra)


def _end_of(day: date, agency: Agency, zone: ZoneInfo) -> datetime:
    end = agency.business_hours.end if agency.business_hours else time(17, 0)
    return datetime.combine(day, end, tzinfo=zone)


def feedback_due(
    sent_at: datetime,
    urgency: Urgency,
    receiver: Agency,
    default_tz: str,
    rules: FeedbackRules = DEFAULT_RULES,
) -> datetime:
    """The end of the receiving agency's business day, `n` business days after the one
    the referral arrived on (a referral sent after hours or on a closed day arrives on the
    next business day). Urgent: `urgent_within` after it was sent, whatever the hour."""
    if urgency is Urgency.URGENT:
        return sent_at + rules.urgent_within
    zone = ZoneInfo(receiver.timezone or default_tz)
    local = sent_at.astimezone(zone)
    arrived = local.date()
    if not _is_workday(arrived, receiver) or local >= _end_of(arrived, receiver, zone):
        arrived = _next_workday(arrived, receiver)
    days, country, subdivision, extra = _calendar(receiver)
    due_day = add_business_days(
        arrived,
        rules.business_days[urgency],
        workdays=days,
        country=country,
        subdivision=subdivision,
        extra_closures=extra,
    )
    return _end_of(due_day, receiver, zone)


def _next_workday(day: date, agency: Agency) -> date:
    day += timedelta(days=1)
    while not _is_workday(day, agency):
        day += timedelta(days=1)
    return day


def rung_times(
    due: datetime, receiver: Agency, default_tz: str, step: timedelta | None = None
) -> dict[Rung, datetime]:
    """When each rung falls due: the deadline, then the end of each next business day; or,
    with a `step` (an urgent referral's, counted in hours, not days), every `step` after."""
    if step is not None:
        return {Rung.CONTACT: due, Rung.SUPERVISOR: due + step, Rung.REFERRER: due + 2 * step}
    zone = ZoneInfo(receiver.timezone or default_tz)
    supervisor_at = _end_of(_next_workday(due.astimezone(zone).date(), receiver), receiver, zone)
    referrer_at = _end_of(_next_workday(supervisor_at.date(), receiver), receiver, zone)
    return {Rung.CONTACT: due, Rung.SUPERVISOR: supervisor_at, Rung.REFERRER: referrer_at}


def next_rung_at(
    due: datetime,
    reached: Rung,
    receiver: Agency,
    default_tz: str,
    step: timedelta | None = None,
) -> datetime | None:
    """When the next rung above `reached` falls due; None after the last."""
    times = rung_times(due, receiver, default_tz, step)
    later = [at for rung, at in times.items() if rung > reached]
    return min(later) if later else None


def rung_due(
    due: datetime,
    reached: Rung,
    receiver: Agency,
    default_tz: str,
    now: datetime,
    step: timedelta | None = None,
) -> Rung:
    """The highest rung due at `now` above `reached` (NONE if none): the contact at the
    deadline, the supervisor one business day on, the referrer one more on."""
    if now < due:
        return Rung.NONE
    times = rung_times(due, receiver, default_tz, step)
    highest = max(rung for rung, at in times.items() if now >= at)
    return highest if highest > reached else Rung.NONE
