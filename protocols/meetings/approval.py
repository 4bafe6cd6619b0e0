"""Minutes are approved when no agency objects within a number of business days of their
circulation (the chair's agency's working days and holidays; Monday to Friday without one):
approval falls at the end of that business day."""

from __future__ import annotations

from datetime import datetime, time
from zoneinfo import ZoneInfo

from protocols.calendar import DEFAULT_WORKDAYS, add_business_days
from protocols.config.schema import Agency

_END_OF_DAY = time(17, 0)


def approval_due(circulated_at: datetime, days: int, agency: Agency | None, tz: str) -> datetime:
    zone = ZoneInfo((agency.timezone if agency else None) or tz)
    hours = agency.business_hours if agency else None
    cal = agency.holidays if agency else None
    day = add_business_days(
        circulated_at.astimezone(zone).date(),
        days,
        workdays=hours.days if hours else DEFAULT_WORKDAYS,
        country=cal.country if cal else None,
        subdivision=cal.subdivision if cal else None,
        extra_closures=cal.extra_closures if cal else (),
    )
    end = hours.end if hours else _END_OF_DAY
    return datetime.combine(day, end, tzinfo=zone).astimezone(circulated_at.tzinfo)
