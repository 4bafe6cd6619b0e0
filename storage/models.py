"""ORM tables. These classes never leave `storage/`; repositories map them to core objects."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Dialect,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware UTC datetimes in and out; SQLite would otherwise hand back naive values."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the database")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime()}


class ProcessedEvent(Base):
    __tablename__ = "processed_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    processed_at: Mapped[datetime] = mapped_column()


class UndecryptedEvent(Base):
    """A message the bot could not decrypt yet: kept (still encrypted) so that a restart
    keeps waiting for its key, and so that its sender is told once."""

    __tablename__ = "undecrypted_events"

    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    sender: Mapped[str] = mapped_column(String(255))
    # The event as the homeserver sent it: Megolm ciphertext, never plaintext.
    source: Mapped[dict[str, object]] = mapped_column(JSON)
    first_seen: Mapped[datetime] = mapped_column()
    noticed_at: Mapped[datetime | None] = mapped_column()


class AuditLog(Base):
    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    sender: Mapped[str] = mapped_column(String(255))
    agency: Mapped[str | None] = mapped_column(String(32))
    role: Mapped[str | None] = mapped_column(String(32))
    command: Mapped[str] = mapped_column(String(64))
    room_id: Mapped[str] = mapped_column(String(255))
    event_id: Mapped[str] = mapped_column(String(255))
    outcome: Mapped[str] = mapped_column(String(32))
    ref: Mapped[str | None] = mapped_column(String(64))
    # The hash chain (protocols.audit): the previous entry's hash, and this entry's.
    prev_hash: Mapped[str | None] = mapped_column(String(64))
    hash: Mapped[str | None] = mapped_column(String(64))


class Outbox(Base):
    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("txn_id", name="uq_outbox_txn"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    txn_id: Mapped[str] = mapped_column(String(255))
    room_id: Mapped[str | None] = mapped_column(String(255))
    to_user: Mapped[str | None] = mapped_column(String(255))
    ref: Mapped[str | None] = mapped_column(String(64))
    event_type: Mapped[str] = mapped_column(String(64))
    content: Mapped[dict[str, object]] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column()
    sent_at: Mapped[datetime | None] = mapped_column(index=True)
    sent_event_id: Mapped[str | None] = mapped_column(String(255))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    # Set when the homeserver will never take it (too large, or refused too often).
    failed_at: Mapped[datetime | None] = mapped_column()


class KeyValue(Base):
    """Small bot state: the sync token, the login's device id."""

    __tablename__ = "kv"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class CrisisEventRow(Base):
    __tablename__ = "crisis_events"
    __table_args__ = (UniqueConstraint("year", "seq", name="uq_event_number"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    protocol_id: Mapped[str] = mapped_column(String(64))
    protocol_version: Mapped[int] = mapped_column(Integer)
    snapshot: Mapped[dict[str, object]] = mapped_column(JSON)
    criterion: Mapped[str] = mapped_column(String(32))
    case_ref: Mapped[str | None] = mapped_column(String(32))
    note: Mapped[str | None] = mapped_column(Text)
    lead_agency: Mapped[str] = mapped_column(String(32))
    activated_by: Mapped[str] = mapped_column(String(255))
    activated_at: Mapped[datetime] = mapped_column()
    room_id: Mapped[str] = mapped_column(String(255))
    root_event_id: Mapped[str | None] = mapped_column(String(255), index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    ended_at: Mapped[datetime | None] = mapped_column()
    end_reason: Mapped[str | None] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(String(32))


class StepRow(Base):
    __tablename__ = "crisis_steps"

    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(32))
    after: Mapped[str] = mapped_column(String(16))
    offset_s: Mapped[float] = mapped_column()
    ack_window_s: Mapped[float] = mapped_column()
    on_no_ack: Mapped[str] = mapped_column(String(16))
    state: Mapped[str] = mapped_column(String(16))
    released_at: Mapped[datetime | None] = mapped_column()
    resolved_at: Mapped[datetime | None] = mapped_column()
    acked_by: Mapped[str | None] = mapped_column(String(255))


class PageRow(Base):
    __tablename__ = "pages"
    __table_args__ = (UniqueConstraint("event_id", "step_idx", "attempt", name="uq_page_attempt"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    step_idx: Mapped[int] = mapped_column(Integer)
    attempt: Mapped[int] = mapped_column(Integer)
    target: Mapped[str] = mapped_column(String(255), index=True)
    label: Mapped[str] = mapped_column(String(64))
    issued_at: Mapped[datetime] = mapped_column()
    deadline: Mapped[datetime] = mapped_column(index=True)
    state: Mapped[str] = mapped_column(String(16), index=True)
    resolved_at: Mapped[datetime | None] = mapped_column()
    page_event_id: Mapped[str | None] = mapped_column(String(255), index=True)
    dm_room_id: Mapped[str | None] = mapped_column(String(255))
    # False until the thread notice for this page is posted / the page links the thread.
    announced: Mapped[bool] = mapped_column(Boolean, default=True)
    linked: Mapped[bool] = mapped_column(Boolean, default=True)


class TimelineRow(Base):
    __tablename__ = "timeline"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column()
    kind: Mapped[str] = mapped_column(String(32))
    agency: Mapped[str | None] = mapped_column(String(32))
    actor: Mapped[str | None] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)


class DirectRoomRow(Base):
    __tablename__ = "dm_rooms"

    user_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    room_id: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column()


class DecisionRow(Base):
    __tablename__ = "decisions"
    __table_args__ = (UniqueConstraint("event_id", "number", name="uq_decision_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    number: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column()
    by: Mapped[str] = mapped_column(String(255))
    agency: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    rationale: Mapped[str | None] = mapped_column(Text)
    present: Mapped[list[str]] = mapped_column(JSON)


class ActionItemRow(Base):
    __tablename__ = "action_items"
    __table_args__ = (UniqueConstraint("event_id", "kind", "number", name="uq_item_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    number: Mapped[int] = mapped_column(Integer)
    owner_agency: Mapped[str] = mapped_column(String(32), index=True)
    owner_user: Mapped[str | None] = mapped_column(String(255))
    notify: Mapped[list[str]] = mapped_column(JSON)
    escalate_to: Mapped[list[str]] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[datetime] = mapped_column()
    due_set_at: Mapped[datetime] = mapped_column()
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column()
    state: Mapped[str] = mapped_column(String(16), index=True)
    stage: Mapped[int] = mapped_column(Integer)
    resolved_at: Mapped[datetime | None] = mapped_column()
    resolved_by: Mapped[str | None] = mapped_column(String(255))
    resolution: Mapped[str | None] = mapped_column(Text)
    category: Mapped[str | None] = mapped_column(String(16))


class CheckinRow(Base):
    __tablename__ = "checkins"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    number: Mapped[int] = mapped_column(Integer)
    due: Mapped[datetime] = mapped_column()
    set_by: Mapped[str | None] = mapped_column(String(255))
    state: Mapped[str] = mapped_column(String(16))
    prompted_at: Mapped[datetime | None] = mapped_column()
    held_at: Mapped[datetime | None] = mapped_column()
    held_by: Mapped[str | None] = mapped_column(String(255))


class ReviewRow(Base):
    __tablename__ = "reviews"

    event_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    due: Mapped[datetime] = mapped_column(index=True)
    posted_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()
    closed_by: Mapped[str | None] = mapped_column(String(255))


class AarNoteRow(Base):
    __tablename__ = "aar_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(255))
    agency: Mapped[str] = mapped_column(String(32))
    at: Mapped[datetime] = mapped_column()


class ReferralRow(Base):
    __tablename__ = "referrals"
    __table_args__ = (UniqueConstraint("year", "seq", name="uq_referral_number"),)

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    year: Mapped[int] = mapped_column(Integer)
    seq: Mapped[int] = mapped_column(Integer)
    from_agency: Mapped[str] = mapped_column(String(32), index=True)
    from_user: Mapped[str] = mapped_column(String(255))
    to_agency: Mapped[str] = mapped_column(String(32), index=True)
    program: Mapped[str | None] = mapped_column(String(32))
    purpose: Mapped[str] = mapped_column(Text)
    basis: Mapped[str] = mapped_column(String(16))
    urgency: Mapped[str] = mapped_column(String(16))
    pathway: Mapped[str] = mapped_column(String(16))
    consent: Mapped[str] = mapped_column(String(16))
    case_ref: Mapped[str | None] = mapped_column(String(32))
    status: Mapped[str] = mapped_column(String(16), index=True)
    created_at: Mapped[datetime] = mapped_column()
    due: Mapped[datetime] = mapped_column(index=True)
    rung: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime | None] = mapped_column()
    # The first answering status, and the receiver's decision (accepted or declined): the
    # report's times, kept apart from the history, whose text the retention purge removes.
    acknowledged_at: Mapped[datetime | None] = mapped_column()
    decided_at: Mapped[datetime | None] = mapped_column()
    # The data dictionary version its codes are from; who referred (a referral_source
    # code); the client's housing status (a code); the service episode's dates.
    dict_version: Mapped[str | None] = mapped_column(String(16))
    source: Mapped[str | None] = mapped_column(String(40))
    housing: Mapped[str | None] = mapped_column(String(40))
    service_started: Mapped[date | None] = mapped_column(Date)
    service_closed: Mapped[date | None] = mapped_column(Date)
    # The receiving agency, the coordinators and the timezone, frozen when it was sent.
    snapshot: Mapped[dict[str, object]] = mapped_column(JSON)


class CapacityRow(Base):
    __tablename__ = "capacity"

    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    # '' for the agency as a whole.
    program: Mapped[str] = mapped_column(String(32), primary_key=True)
    state: Mapped[str] = mapped_column(String(16))
    band: Mapped[str | None] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(Text)
    by: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column()


class RequestRow(Base):
    __tablename__ = "requests"

    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, unique=True)
    from_agency: Mapped[str] = mapped_column(String(32))
    from_user: Mapped[str] = mapped_column(String(255))
    to_agency: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column()
    due: Mapped[datetime] = mapped_column(index=True)
    rung: Mapped[int] = mapped_column(Integer)
    answered_at: Mapped[datetime | None] = mapped_column()
    answered_by: Mapped[str | None] = mapped_column(String(255))
    answer: Mapped[str | None] = mapped_column(Text)
    dict_version: Mapped[str | None] = mapped_column(String(16))
    # The receiving agency, the coordinators and the timezone, frozen when it was asked.
    snapshot: Mapped[dict[str, object]] = mapped_column(JSON)


class ContactLogRow(Base):
    __tablename__ = "contact_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(index=True)
    from_agency: Mapped[str] = mapped_column(String(32), index=True)
    by: Mapped[str] = mapped_column(String(255))
    with_agency: Mapped[str] = mapped_column(String(32), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    purpose: Mapped[str] = mapped_column(Text)
    outcome: Mapped[str | None] = mapped_column(Text)
    ref: Mapped[str | None] = mapped_column(String(32))
    dict_version: Mapped[str | None] = mapped_column(String(16))


class DictionaryVersionRow(Base):
    """A data dictionary version MACT ran with: its content (for diffs between any two)
    and when its changes were posted."""

    __tablename__ = "dictionary_versions"

    version: Mapped[str] = mapped_column(String(16), primary_key=True)
    content: Mapped[dict[str, object]] = mapped_column(JSON)
    first_seen: Mapped[datetime] = mapped_column()
    announced_at: Mapped[datetime | None] = mapped_column()


class ProblemRow(Base):
    __tablename__ = "problems"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column()
    agency: Mapped[str] = mapped_column(String(32))
    by: Mapped[str] = mapped_column(String(255))
    text: Mapped[str] = mapped_column(Text)
    taken_up_at: Mapped[datetime | None] = mapped_column(index=True)


class DirectoryCheckRow(Base):
    __tablename__ = "directory_checks"

    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    verified_at: Mapped[datetime | None] = mapped_column()
    verified_by: Mapped[str | None] = mapped_column(String(255))
    reminded_at: Mapped[datetime | None] = mapped_column()
