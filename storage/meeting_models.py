"""Meetings and cross-training tables (the models of storage.models share its Base)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models import Base


class MeetingSeriesRow(Base):
    __tablename__ = "meeting_series"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(Text)
    # The first occurrence (UTC) and the wall clock the series keeps.
    start: Mapped[datetime] = mapped_column()
    timezone: Mapped[str] = mapped_column(String(64))
    rule: Mapped[str | None] = mapped_column(String(200))
    until: Mapped[date | None] = mapped_column(Date)
    chair: Mapped[str | None] = mapped_column(String(255))
    room_id: Mapped[str] = mapped_column(String(255))
    note_taker: Mapped[str | None] = mapped_column(String(32))
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    # The coalition as the series was scheduled: agencies, contacts, names, settings.
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class MeetingOccurrenceRow(Base):
    __tablename__ = "meeting_occurrences"

    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    series_id: Mapped[int] = mapped_column(Integer, index=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    agenda_at: Mapped[datetime] = mapped_column()
    state: Mapped[str] = mapped_column(String(16))
    agenda_posted_at: Mapped[datetime | None] = mapped_column()
    root_event_id: Mapped[str | None] = mapped_column(String(255), index=True)
    note_taker: Mapped[str | None] = mapped_column(String(32))
    minutes: Mapped[str] = mapped_column(String(16))
    minutes_due: Mapped[datetime | None] = mapped_column()
    late_rung: Mapped[int] = mapped_column(Integer)
    minutes_posted_at: Mapped[datetime | None] = mapped_column()
    minutes_event_id: Mapped[str | None] = mapped_column(String(255), index=True)
    approval_due: Mapped[datetime | None] = mapped_column()


class MinutesEntryRow(Base):
    __tablename__ = "minutes_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    occurrence: Mapped[str] = mapped_column(String(32), index=True)
    at: Mapped[datetime] = mapped_column()
    kind: Mapped[str] = mapped_column(String(16))
    agency: Mapped[str | None] = mapped_column(String(32))
    by: Mapped[str] = mapped_column(String(255))
    text: Mapped[str | None] = mapped_column(Text)


class MeetingTopicRow(Base):
    __tablename__ = "meeting_topics"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    text: Mapped[str] = mapped_column(Text)
    agency: Mapped[str] = mapped_column(String(32))
    by: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column()
    used_in: Mapped[str | None] = mapped_column(String(32))


class TrainingRow(Base):
    __tablename__ = "trainings"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    starts_at: Mapped[datetime] = mapped_column(index=True)
    ends_at: Mapped[datetime] = mapped_column()
    topic: Mapped[str] = mapped_column(Text)
    host: Mapped[str] = mapped_column(String(32))
    format: Mapped[str] = mapped_column(String(16))
    room_id: Mapped[str] = mapped_column(String(255))
    created_by: Mapped[str] = mapped_column(String(255))
    created_at: Mapped[datetime] = mapped_column()
    announce_event_id: Mapped[str | None] = mapped_column(String(255), index=True)
    reminded_at: Mapped[datetime | None] = mapped_column()
    feedback_asked_at: Mapped[datetime | None] = mapped_column()
    cancelled_at: Mapped[datetime | None] = mapped_column()
    remind_at: Mapped[datetime] = mapped_column()
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON)


class TrainingRsvpRow(Base):
    __tablename__ = "training_rsvps"

    training_id: Mapped[int] = mapped_column(Integer, primary_key=True)
    agency: Mapped[str] = mapped_column(String(32), primary_key=True)
    answer: Mapped[str] = mapped_column(String(8))
    by: Mapped[str] = mapped_column(String(255))
    at: Mapped[datetime] = mapped_column()


class TrainingFeedbackRow(Base):
    __tablename__ = "training_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    training_id: Mapped[int] = mapped_column(Integer, index=True)
    agency: Mapped[str] = mapped_column(String(32))
    by: Mapped[str] = mapped_column(String(255))
    rating: Mapped[int] = mapped_column(Integer)
    will_apply: Mapped[bool | None] = mapped_column(Boolean)
    suggestion: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime] = mapped_column()
