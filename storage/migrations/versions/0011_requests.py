"""coordination requests between agencies, with their response windows

Revision ID: 0011
Revises: 0010
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "requests",
        sa.Column("id", sa.String(16), primary_key=True),
        sa.Column("seq", sa.Integer, nullable=False, unique=True),
        sa.Column("from_agency", sa.String(32), nullable=False),
        sa.Column("from_user", sa.String(255), nullable=False),
        sa.Column("to_agency", sa.String(32), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("created_at", sa.DateTime, nullable=False),
        sa.Column("due", sa.DateTime, nullable=False, index=True),
        sa.Column("rung", sa.Integer, nullable=False),
        sa.Column("answered_at", sa.DateTime),
        sa.Column("answered_by", sa.String(255)),
        sa.Column("answer", sa.Text),
        sa.Column("snapshot", sa.JSON, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("requests")
