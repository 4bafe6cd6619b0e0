"""capacity: each agency's (or program's) last word on whether it can take referrals

Revision ID: 0010
Revises: 0009
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "capacity",
        sa.Column("agency", sa.String(32), primary_key=True),
        sa.Column("program", sa.String(32), primary_key=True),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("band", sa.String(16)),
        sa.Column("note", sa.Text),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )


def downgrade() -> None:
    op.drop_table("capacity")
