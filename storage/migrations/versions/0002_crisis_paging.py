"""crisis events, notification steps, pages, timeline, DM rooms; outbox DMs and refs

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

TS = sa.DateTime(timezone=True)


def upgrade() -> None:
    with op.batch_alter_table("outbox") as batch:
        batch.alter_column("room_id", existing_type=sa.String(255), nullable=True)
        batch.add_column(sa.Column("to_user", sa.String(255)))
        batch.add_column(sa.Column("ref", sa.String(64)))
    op.create_table(
        "crisis_events",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("protocol_id", sa.String(64), nullable=False),
        sa.Column("protocol_version", sa.Integer, nullable=False),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.Column("criterion", sa.String(32), nullable=False),
        sa.Column("case_ref", sa.String(32)),
        sa.Column("note", sa.Text),
        sa.Column("lead_agency", sa.String(32), nullable=False),
        sa.Column("activated_by", sa.String(255), nullable=False),
        sa.Column("activated_at", TS, nullable=False),
        sa.Column("room_id", sa.String(255), nullable=False),
        sa.Column("root_event_id", sa.String(255), index=True),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("ended_at", TS),
        sa.Column("end_reason", sa.Text),
        sa.UniqueConstraint("year", "seq", name="uq_event_number"),
    )
    op.create_table(
        "crisis_steps",
        sa.Column("event_id", sa.String(32), primary_key=True),
        sa.Column("idx", sa.Integer, primary_key=True),
        sa.Column("agency", sa.String(32), nullable=False),
        sa.Column("after", sa.String(16), nullable=False),
        sa.Column("offset_s", sa.Float, nullable=False),
        sa.Column("ack_window_s", sa.Float, nullable=False),
        sa.Column("on_no_ack", sa.String(16), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("released_at", TS),
        sa.Column("resolved_at", TS),
        sa.Column("acked_by", sa.String(255)),
    )
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(32), nullable=False, index=True),
        sa.Column("step_idx", sa.Integer, nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("target", sa.String(255), nullable=False, index=True),
        sa.Column("label", sa.String(64), nullable=False),
        sa.Column("issued_at", TS, nullable=False),
        sa.Column("deadline", TS, nullable=False, index=True),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("resolved_at", TS),
        sa.Column("page_event_id", sa.String(255), index=True),
        sa.Column("dm_room_id", sa.String(255)),
        sa.UniqueConstraint("event_id", "step_idx", "attempt", name="uq_page_attempt"),
    )
    op.create_table(
        "timeline",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(32), nullable=False, index=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("agency", sa.String(32)),
        sa.Column("actor", sa.String(255)),
        sa.Column("text", sa.Text, nullable=False),
    )
    op.create_table(
        "dm_rooms",
        sa.Column("user_id", sa.String(255), primary_key=True),
        sa.Column("room_id", sa.String(255), nullable=False),
        sa.Column("created_at", TS, nullable=False),
    )


def downgrade() -> None:
    for table in ("dm_rooms", "timeline", "pages", "crisis_steps", "crisis_events"):
        op.drop_table(table)
    with op.batch_alter_table("outbox") as batch:
        batch.drop_column("ref")
        batch.drop_column("to_user")
        batch.alter_column("room_id", existing_type=sa.String(255), nullable=False)
