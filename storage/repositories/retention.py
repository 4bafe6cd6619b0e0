"""The purge: free text past its retention becomes a marker; delivery and replay rows past
theirs are deleted. One transaction; a dry run counts the same rows and changes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.config.policies import RetentionSettings
from protocols.retention import PURGED, PurgeReport, cutoffs
from storage.models import (
    AarNoteRow,
    ActionItemRow,
    CrisisEventRow,
    DecisionRow,
    Outbox,
    ProcessedEvent,
    ReferralRow,
    TimelineRow,
)

_ENDED = ("closed", "cancelled")
_REFERRAL_ENDED = ("completed", "declined", "cancelled")


def _unpurged(*columns: Any) -> ColumnElement[bool]:
    """Some column still holds text other than the marker."""
    return or_(*(and_(c.is_not(None), c != PURGED) for c in columns))


async def purge(
    session: AsyncSession, settings: RetentionSettings, now: datetime, *, dry_run: bool
) -> PurgeReport:
    cut = cutoffs(settings, now)
    ended = select(CrisisEventRow.id).where(
        CrisisEventRow.state.in_(_ENDED), CrisisEventRow.ended_at < cut.event_text
    )
    event_ids = list(
        await session.scalars(
            ended.where(
                or_(
                    _unpurged(CrisisEventRow.note, CrisisEventRow.end_reason),
                    CrisisEventRow.id.in_(
                        select(TimelineRow.event_id).where(TimelineRow.text != PURGED)
                    ),
                )
            )
        )
    )
    old_event = CrisisEventRow.id.in_(ended)
    old_referrals = select(ReferralRow.id).where(
        ReferralRow.status.in_(_REFERRAL_ENDED), ReferralRow.updated_at < cut.referral_text
    )
    in_old = (
        (CrisisEventRow, old_event, {"note": PURGED, "end_reason": PURGED},
         (CrisisEventRow.note, CrisisEventRow.end_reason)),
        (TimelineRow, TimelineRow.event_id.in_(ended), {"text": PURGED}, (TimelineRow.text,)),
        (DecisionRow, DecisionRow.event_id.in_(ended), {"text": PURGED, "rationale": PURGED},
         (DecisionRow.text, DecisionRow.rationale)),
        (ActionItemRow, and_(ActionItemRow.event_id.in_(ended), ActionItemRow.kind == "action"),
         {"text": PURGED, "resolution": PURGED}, (ActionItemRow.text, ActionItemRow.resolution)),
        (AarNoteRow, AarNoteRow.event_id.in_(ended), {"text": PURGED}, (AarNoteRow.text,)),
        (ActionItemRow,
         and_(ActionItemRow.kind == "improvement",
              ActionItemRow.resolved_at < cut.improvement_text),
         {"text": PURGED, "resolution": PURGED}, (ActionItemRow.text, ActionItemRow.resolution)),
        (ReferralRow, ReferralRow.id.in_(old_referrals), {"purpose": PURGED},
         (ReferralRow.purpose,)),
        (TimelineRow, TimelineRow.event_id.in_(old_referrals), {"text": PURGED},
         (TimelineRow.text,)),
    )  # fmt: skip
    names = ("event notes", "timeline entries", "decisions", "action items", "review notes",
             "improvement items", "referral purposes", "referral history")  # fmt: skip
    counts: dict[str, int] = {}
    for name, (model, where, values, columns) in zip(names, in_old, strict=True):
        condition = and_(where, _unpurged(*columns))
        counts[name] = await _count(session, model, condition)
        if not dry_run and counts[name]:
            # A NULL stays NULL: only text that was there becomes the marker.
            sets = {
                k: case((getattr(model, k).is_(None), None), else_=v) for k, v in values.items()
            }
            await session.execute(update(model).where(condition).values(sets))
    outbox_old = or_(Outbox.sent_at < cut.outbox, Outbox.failed_at < cut.outbox)
    counts["outbox rows"] = await _count(session, Outbox, outbox_old)
    replayed = ProcessedEvent.processed_at < cut.processed_events
    counts["processed event ids"] = await _count(session, ProcessedEvent, replayed)
    if not dry_run:
        await session.execute(delete(Outbox).where(outbox_old))
        await session.execute(delete(ProcessedEvent).where(replayed))
    return PurgeReport(counts, tuple(sorted(event_ids)))


async def _count(session: AsyncSession, model: Any, condition: ColumnElement[bool]) -> int:
    value = await session.scalar(select(func.count()).select_from(model).where(condition))
    return int(value or 0)
