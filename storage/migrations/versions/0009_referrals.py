"""referrals between agencies: status, urgency, pathway, feedback deadline and its ladder

Revision ID: 0009
Revises: 0008
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "referrals",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("seq", sa.Integer, nullable=False),
        sa.Column("from_agency", sa.String(32), nullable=False, index=True),
        sa.Column("from_user", sa.String(255), nullable=False),
        sa.Column("to_agency", sa.String(32), nullable=False, index=True),
        sa.Column("program", sa.String(32)),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("basis", sa.String(16), nullable=False),
        sa.Column("urgency", sa.String(16), nullable=False),
        sa.Column("pathway", sa.String(16), nullable=False),
        sa.Column("consent", sa.String(16), nullable=False),
        sa.Column("case_ref", sa.String(32)),
        sa.Column("status", sa.String(16), nullable=False, index=True),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("due", sa.DateTime, nullable=False, index=True),
        sa.Column("rung", sa.Integer, nullable=False),
        sa.Column("reason", sa.String(32)),
        sa.Column("updated_at", sa.DateTime),
        sa.Column("snapshot", sa.JSON, nullable=False),
        sa.UniqueConstraint("year", "seq", name="uq_referral_number"),
    )


def downgrade() -> None:
    op.drop_table("referrals")
