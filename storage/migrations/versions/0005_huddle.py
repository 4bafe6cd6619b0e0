"""huddle: action and improvement items, check-ins, event outcome, reviews and their notes

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("crisis_events", sa.Column("outcome", sa.String(32)))
    op.create_table(
        "action_items",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(32), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("owner_agency", sa.String(32), nullable=False, index=True),
        sa.Column("owner_user", sa.String(255)),
        sa.Column("notify", sa.JSON, nullable=False),
        sa.Column("escalate_to", sa.JSON, nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("created_by", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("state", sa.String(16), nullable=False, index=True),
        sa.Column("stage", sa.Integer, nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True)),
        sa.Column("resolved_by", sa.String(255)),
        sa.Column("resolution", sa.Text),
        sa.Column("category", sa.String(16)),
        sa.UniqueConstraint("event_id", "kind", "number", name="uq_item_number"),
    )
    op.create_table(
        "checkins",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(32), nullable=False, index=True),
        sa.Column("number", sa.Integer, nullable=False),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False),
        sa.Column("set_by", sa.String(255)),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("prompted_at", sa.DateTime(timezone=True)),
        sa.Column("held_at", sa.DateTime(timezone=True)),
        sa.Column("held_by", sa.String(255)),
    )
    op.create_table(
        "reviews",
        sa.Column("event_id", sa.String(32), primary_key=True),
        sa.Column("due", sa.DateTime(timezone=True), nullable=False, index=True),
        sa.Column("posted_at", sa.DateTime(timezone=True)),
        sa.Column("closed_at", sa.DateTime(timezone=True)),
        sa.Column("closed_by", sa.String(255)),
    )
    op.create_table(
        "aar_notes",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("event_id", sa.String(32), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("agency", sa.String(32), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("aar_notes")
    op.drop_table("reviews")
    op.drop_table("checkins")
    op.drop_table("action_items")
    with op.batch_alter_table("crisis_events") as batch:
        batch.drop_column("outcome")
