"""Retention: what a purge replaces or removes, and when. The storage side runs it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from protocols.config.policies import RetentionSettings

# What purged free text reads afterwards: the record stays, its words do not.
PURGED = "[purged]"


@dataclass(frozen=True, slots=True)
class Cutoffs:
    """Records older than these times (ended, resolved, sent, handled before them) go."""

    event_text: datetime
    improvement_text: datetime
    referral_text: datetime
    meeting_text: datetime
    outbox: datetime
    processed_events: datetime


def cutoffs(settings: RetentionSettings, now: datetime) -> Cutoffs:
    return Cutoffs(
        event_text=now - settings.event_text_after,
        improvement_text=now - settings.improvement_text_after,
        referral_text=now - settings.referral_text_after,
        meeting_text=now - settings.meeting_text_after,
        outbox=now - settings.outbox_after,
        processed_events=now - settings.processed_events_after,
    )


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """Counts by what was (or, in a dry run, would be) purged, and the events touched."""

    counts: dict[str, int] = field(default_factory=dict)
    events: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def lines(self) -> list[str]:
        shown = [f"{what}: {n}" for what, n in sorted(self.counts.items()) if n]
        if self.events:
            shown.append(f"events whose free text goes: {', '.join(self.events)}")
        return shown or ["nothing to purge"]
