"""The coalition's data policies: the privacy detector's settings, retention, reports."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from pydantic import Field, field_validator

from protocols.config.types import Duration, Frozen
from protocols.reports.period import check_period_text


class PrivacySettings(Frozen):
    """The privacy detector's coalition settings (it runs on every free-text field)."""

    # Phone numbers are found for this region (ISO 3166 code) and in international form.
    phone_region: Annotated[str, Field(pattern=r"^[A-Z]{2}$")] = "US"
    # Terms always refused (a shelter's confidential location, a local nickname).
    deny_terms: tuple[Annotated[str, Field(min_length=2, max_length=80)], ...] = ()
    # More words that announce a personal id number ('client no', 'HMIS id').
    identifier_words: tuple[Annotated[str, Field(min_length=2, max_length=40)], ...] = ()
    # Words never taken for a person's name, beyond the agency, program and staff names
    # MACT already knows from this file.
    allowed_words: tuple[Annotated[str, Field(min_length=1, max_length=40)], ...] = ()


class RetentionSettings(Frozen):
    """How long MACT keeps what it need not keep. After its time, free text is replaced by
    a marker while codes, times and counts stay (the reports still add up); rows that only
    served delivery or replay protection are deleted."""

    # Notes, reasons, decisions, action items and review notes of an ended event.
    event_text_after: Duration = timedelta(days=90)
    # An improvement item's text, once it is resolved (they outlive their event).
    improvement_text_after: Duration = timedelta(days=365)
    # A referral's purpose and history once it ended (completed, declined or cancelled),
    # and a contact-log entry's purpose and outcome.
    referral_text_after: Duration = timedelta(days=365)
    # Minutes' information and regrets notes, decisions and action items of meetings,
    # focus topics, trainings' topics and feedback suggestions, this long after.
    meeting_text_after: Duration = timedelta(days=365)
    # Sent and failed outbox rows (a sent row's text is already gone).
    outbox_after: Duration = timedelta(days=7)
    # Ids of handled Matrix events, kept so that a replayed sync runs nothing twice.
    processed_events_after: Duration = timedelta(days=30)


class ReferralSettings(Frozen):
    """Feedback deadlines by urgency, in the receiving agency's business days (0: the same
    business day); an urgent referral is answered within `urgent_within`, at any hour."""

    standard_days: Annotated[int, Field(ge=0, le=30)] = 3
    priority_days: Annotated[int, Field(ge=0, le=30)] = 1
    urgent_within: Duration = timedelta(hours=4)
    # An urgent referral still unanswered: its receiving supervisor is told this long after
    # the deadline, the referrer and the coordinators this long again (hours, not days).
    urgent_escalate_after: Duration = timedelta(hours=1)
    # A time-sensitive request (!ask) is answered by the end of the receiver's business day,
    # or within this if it comes first (unset: the end of the day). Unanswered, it climbs
    # the ladder every `urgent_escalate_after`, like an urgent referral.
    time_sensitive_within: Duration | None = None
    # A routine (or policy) coordination request is answered within these business days.
    routine_days: Annotated[int, Field(ge=0, le=30)] = 2
    # Without the client's consent nothing about them may be shared: the purpose must be
    # one of these generic ones.
    generic_purposes: tuple[Annotated[str, Field(min_length=3, max_length=120)], ...] = (
        "emergency shelter",
        "legal advocacy",
        "medical follow-up",
        "counseling",
        "safety planning",
        "housing assistance",
    )


class ReportSettings(Frozen):
    """Aggregate reports (the referral report, the indicators): a count from 1 to
    `suppress_below` - 1 is shown as '<N'. DV providers may share aggregates only, and a
    small count can point at one person. 1 suppresses nothing."""

    suppress_below: Annotated[int, Field(ge=1, le=100)] = 5
    # The period a report covers when none is given: 30d, 12w, 2026-11, 2026-Q4, 2026.
    default_period: Annotated[str, Field(min_length=2, max_length=24)] = "90d"

    @field_validator("default_period")
    @classmethod
    def _a_period(cls, value: str) -> str:
        return check_period_text(value)


class DataSettings(Frozen):
    """The shared data dictionary (a TOML file, relative to the configuration's folder;
    MACT's built-in codes if unset) and the data-consistency checks' thresholds."""

    dictionary: Annotated[str, Field(min_length=1)] | None = None
    # Two referrals with the same case id to the same agency this close are likely one.
    duplicate_within: Duration = timedelta(days=30)
    # An agency's share of 'unknown' in a category is anomalous when it is at least
    # `unknown_ratio` times the median share of the other agencies and at least
    # `unknown_min_share`, over at least `unknown_min_records` records.
    unknown_ratio: Annotated[float, Field(ge=1.0, le=100.0)] = 2.0
    unknown_min_share: Annotated[float, Field(gt=0.0, le=1.0)] = 0.25
    unknown_min_records: Annotated[int, Field(ge=1)] = 10
    # A capacity word older than this is stale.
    capacity_stale_after: Duration = timedelta(days=30)


class MeetingSettings(Frozen):
    """Regular meetings: the agenda is posted `agenda_before` each occurrence; minutes are
    due `minutes_within` after it starts (then the note-taker is reminded, and the chair
    `minutes_escalate_after` later); circulated minutes are approved after
    `approval_business_days` without objection. Action items from the minutes are reminded
    `item_reminder_lead` before their due time and escalated `item_overdue_grace` after."""

    agenda_before: Duration = timedelta(days=2)
    minutes_within: Duration = timedelta(days=2)
    minutes_escalate_after: Duration = timedelta(days=1)
    approval_business_days: Annotated[int, Field(ge=0, le=30)] = 3
    item_reminder_lead: Duration = timedelta(days=1)
    item_overdue_grace: Duration = timedelta(days=2)


class TrainingSettings(Frozen):
    """Cross-training: agencies are reminded `remind_before` a session; a session without
    its own length lasts `default_length`; feedback is asked for when it ends."""

    remind_before: Duration = timedelta(days=1)
    default_length: Duration = timedelta(hours=2)


class DirectorySettings(Frozen):
    """Each agency's supervisor verifies its directory entry (!directory verify); one not
    verified within `verify_every` is stale, and its supervisors are reminded every
    `remind_every` until it is verified."""

    verify_every: Duration = timedelta(days=90)
    remind_every: Duration = timedelta(days=30)
