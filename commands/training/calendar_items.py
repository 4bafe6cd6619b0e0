"""The shared calendar's items, read from MACT's records: every planned meeting, every
training, every after-action review. Titles and ids only; no location, no case data."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from protocols.calendar_export import CalendarItem
from protocols.meetings.series import OccurrenceState
from storage.repositories import meetings, reviews, trainings

# Meetings and reviews carry no length of their own: shown as an hour.
_HOUR = timedelta(hours=1)


async def calendar_items(session: AsyncSession) -> list[CalendarItem]:
    out = []
    for series in await meetings.active_series(session):
        for o in await meetings.occurrences_of(session, series.id):
            if o.state is OccurrenceState.SCHEDULED:
                out.append(CalendarItem(
                    f"{o.key}@mact", f"{series.title} ({series.kind.value} meeting)",
                    o.starts_at, o.starts_at + _HOUR,
                    f"{series.label}: the agenda is posted in the coordination room.", "meeting",
                ))  # fmt: skip
    for t in await trainings.every(session):
        if t.cancelled_at is None:
            out.append(CalendarItem(
                f"{t.label}@mact", f"Cross-training: {t.topic}", t.starts_at, t.ends_at,
                f"{t.label}, hosted by {t.host} ({t.format.value}). RSVP in the room.",
                "training",
            ))  # fmt: skip
    for r in await reviews.every(session):
        out.append(CalendarItem(
            f"review-{r.event_id}@mact", f"After-action review of {r.event_id}", r.due,
            r.due + _HOUR, f"The review of {r.event_id}: !aar in its thread.", "review",
        ))  # fmt: skip
    return sorted(out, key=lambda i: (i.starts_at, i.uid))
