"""When the after-action review is due: business days on the lead agency's calendar."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from protocols.calendar import DEFAULT_WORKDAYS, add_business_days
from protocols.config.schema import Agency, Protocol


def review_due(closed_at: datetime, protocol: Protocol, lead: Agency, default_tz: str) -> datetime:
    """When the review template is posted: on the window's last business day, at the
    protocol's `review.post_at` in the lead agency's timezone; never before closing."""
    zone = ZoneInfo(lead.timezone or default_tz)
    cal = lead.holidays
    day = add_business_days(
        closed_at.astimezone(zone).date(),
        protocol.review_window_business_days,
        workdays=lead.business_hours.days if lead.business_hours else DEFAULT_WORKDAYS,
        country=cal.country if cal else None,
        subdivision=cal.subdivision if cal else None,
        extra_closures=cal.extra_closures if cal else (),
    )
    due = datetime.combine(day, protocol.review.post_at, tzinfo=zone).astimezone(UTC)
    return max(due, closed_at)
