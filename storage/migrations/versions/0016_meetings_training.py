"""meetings and cross-training: series, occurrences with their deadlines, minutes entries,
focus topics; trainings, RSVPs and feedback

Revision ID: 0016
Revises: 0015
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_series",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("start", sa.DateTime, nullable=False),
        sa.Column("timezone", sa.String(64), nullable=False),
        sa.Column("rule", sa.String(200), nullable=True),
        sa.Column("until", sa.Date, nullable=True),
        sa.Column("chair", sa.String(255), nullable=True),
        sa.Column("room_id", sa.String(255), nullable=False),
        sa.Column("note_taker", sa.String(32), nullable=True),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("cancelled_at", sa.DateTime, nullable=True),
        sa.Column("snapshot", sa.JSON, nullable=False),
    )
    op.create_table(
        "meeting_occurrences",
        sa.Column("key", sa.String(32), primary_key=True),
        sa.Column("series_id", sa.Integer, nullable=False, index=True),
        sa.Column("starts_at", sa.DateTime, nullable=False, index=True),
        sa.Column("agenda_at", sa.DateTime, nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("agenda_posted_at", sa.DateTime, nullable=True),
        sa.Column("root_event_id", sa.String(255), nullable=True, index=True),
        sa.Column("note_taker", sa.String(32), nullable=True),
        sa.Column("minutes", sa.String(16), nullable=False),
        sa.Column("minutes_due", sa.DateTime, nullable=True),
        sa.Column("late_rung", sa.Integer, nullable=False),
        sa.Column("minutes_posted_at", sa.DateTime, nullable=True),
        sa.Column("minutes_event_id", sa.String(255), nullable=True, index=True),
        sa.Column("approval_due", sa.DateTime, nullable=True),
    )
    op.create_table(
        "minutes_entries",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("occurrence", sa.String(32), nullable=False, index=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("agency", sa.String(32), nullable=True),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("text", sa.Text, nullable=True),
    )
    op.create_table(
        "meeting_topics",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("agency", sa.String(32), nullable=False),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("used_in", sa.String(32), nullable=True),
    )
    op.create_table(
        "trainings",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("starts_at", sa.DateTime, nullable=False, index=True),
        sa.Column("ends_at", sa.DateTime, nullable=False),
        sa.Column("topic", sa.Text, nullable=False),
        sa.Column("host", sa.String(32), nullable=False),
        sa.Column("format", sa.String(16), nullable=False),
        sa.Column("room_id", sa.String(255), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("announce_event_id", sa.String(255), nullable=True, index=True),
        sa.Column("reminded_at", sa.DateTime, nullable=True),
        sa.Column("feedback_asked_at", sa.DateTime, nullable=True),
        sa.Column("cancelled_at", sa.DateTime, nullable=True),
        sa.Column("remind_at", sa.DateTime, nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
    )
    op.create_table(
        "training_rsvps",
        sa.Column("training_id", sa.Integer, primary_key=True),
        sa.Column("agency", sa.String(32), primary_key=True),
        sa.Column("answer", sa.String(8), nullable=False),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_table(
        "training_feedback",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("training_id", sa.Integer, nullable=False, index=True),
        sa.Column("agency", sa.String(32), nullable=False),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("rating", sa.Integer, nullable=False),
        sa.Column("will_apply", sa.Boolean, nullable=True),
        sa.Column("suggestion", sa.Text, nullable=True),
        sa.Column("at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    for table in ("training_feedback", "training_rsvps", "trainings", "meeting_topics",
                  "minutes_entries", "meeting_occurrences", "meeting_series"):  # fmt: skip
        op.drop_table(table)
