"""The purge: free text past its retention becomes a marker; delivery and replay rows past
theirs are deleted. One transaction; a dry run counts the same rows and changes nothing."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from protocols.config.policies import RetentionSettings
from protocols.retention import PURGED, Cutoffs, PurgeReport, cutoffs
from storage.meeting_models import (
    MeetingOccurrenceRow,
    MeetingTopicRow,
    MinutesEntryRow,
    TrainingFeedbackRow,
    TrainingRow,
)
from storage.models import (
    AarNoteRow,
    ActionItemRow,
    ContactLogRow,
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
    still_text = or_(
        _unpurged(CrisisEventRow.note, CrisisEventRow.end_reason),
        CrisisEventRow.id.in_(select(TimelineRow.event_id).where(TimelineRow.text != PURGED)),
    )
    event_ids = list(await session.scalars(ended.where(still_text)))
    counts: dict[str, int] = {}
    for name, model, where, columns in _text_rules(cut, ended):
        condition = and_(where, _unpurged(*columns))
        counts[name] = await _count(session, model, condition)
        if not dry_run and counts[name]:
            # A NULL stays NULL: only text that was there becomes the marker.
            sets = {c.key: case((c.is_(None), None), else_=PURGED) for c in columns}
            await session.execute(update(model).where(condition).values(sets))
    outbox_old = or_(Outbox.sent_at < cut.outbox, Outbox.failed_at < cut.outbox)
    counts["outbox rows"] = await _count(session, Outbox, outbox_old)
    replayed = ProcessedEvent.processed_at < cut.processed_events
    counts["processed event ids"] = await _count(session, ProcessedEvent, replayed)
    if not dry_run:
        await session.execute(delete(Outbox).where(outbox_old))
        await session.execute(delete(ProcessedEvent).where(replayed))
    return PurgeReport(counts, tuple(sorted(event_ids)))


def _text_rules(cut: Cutoffs, ended: Select[Any]) -> list[tuple[str, Any, Any, tuple[Any, ...]]]:
    """(what, table, which rows, their free-text columns) for every kind of free text."""
    old_referrals = select(ReferralRow.id).where(
        ReferralRow.status.in_(_REFERRAL_ENDED), ReferralRow.updated_at < cut.referral_text
    )
    action, improvement = ActionItemRow.kind == "action", ActionItemRow.kind == "improvement"
    item_text = (ActionItemRow.text, ActionItemRow.resolution)
    return [
        ("event notes", CrisisEventRow, CrisisEventRow.id.in_(ended),
         (CrisisEventRow.note, CrisisEventRow.end_reason)),
        ("timeline entries", TimelineRow, TimelineRow.event_id.in_(ended), (TimelineRow.text,)),
        ("decisions", DecisionRow, DecisionRow.event_id.in_(ended),
         (DecisionRow.text, DecisionRow.rationale)),
        ("action items", ActionItemRow, and_(ActionItemRow.event_id.in_(ended), action),
         item_text),
        ("review notes", AarNoteRow, AarNoteRow.event_id.in_(ended), (AarNoteRow.text,)),
        ("improvement items", ActionItemRow,
         and_(improvement, ActionItemRow.resolved_at < cut.improvement_text), item_text),
        ("referral purposes", ReferralRow, ReferralRow.id.in_(old_referrals),
         (ReferralRow.purpose,)),
        ("referral history", TimelineRow, TimelineRow.event_id.in_(old_referrals),
         (TimelineRow.text,)),
        ("contact log entries", ContactLogRow, ContactLogRow.at < cut.referral_text,
         (ContactLogRow.purpose, ContactLogRow.outcome)),
        *_meeting_rules(cut),
    ]  # fmt: skip


def _meeting_rules(cut: Cutoffs) -> list[tuple[str, Any, Any, tuple[Any, ...]]]:
    """Meetings and trainings held before the cut-off: their free text goes."""
    held = select(MeetingOccurrenceRow.key).where(MeetingOccurrenceRow.starts_at < cut.meeting_text)
    return [
        ("minutes notes", MinutesEntryRow, MinutesEntryRow.occurrence.in_(held),
         (MinutesEntryRow.text,)),
        ("meeting decisions", DecisionRow, DecisionRow.event_id.in_(held),
         (DecisionRow.text, DecisionRow.rationale)),
        ("meeting action items", ActionItemRow,
         and_(ActionItemRow.event_id.in_(held), ActionItemRow.resolved_at < cut.meeting_text),
         (ActionItemRow.text, ActionItemRow.resolution)),
        ("focus topics", MeetingTopicRow, MeetingTopicRow.at < cut.meeting_text,
         (MeetingTopicRow.text,)),
        ("trainings", TrainingRow, TrainingRow.ends_at < cut.meeting_text, (TrainingRow.topic,)),
        ("training feedback", TrainingFeedbackRow, TrainingFeedbackRow.at < cut.meeting_text,
         (TrainingFeedbackRow.suggestion,)),
    ]  # fmt: skip


async def _count(session: AsyncSession, model: Any, condition: ColumnElement[bool]) -> int:
    value = await session.scalar(select(func.count()).select_from(model).where(condition))
    return int(value or 0)
