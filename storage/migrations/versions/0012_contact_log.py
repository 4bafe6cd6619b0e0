"""the contact log of inter-agency contacts, and problems raised for the leads' meeting

Revision ID: 0012
Revises: 0011
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact_log",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False, index=True),
        sa.Column("from_agency", sa.String(32), nullable=False, index=True),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("with_agency", sa.String(32), nullable=False, index=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("purpose", sa.Text, nullable=False),
        sa.Column("outcome", sa.Text),
        sa.Column("ref", sa.String(32)),
    )
    op.create_table(
        "problems",
        sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.DateTime, nullable=False),
        sa.Column("agency", sa.String(32), nullable=False),
        sa.Column("by", sa.String(255), nullable=False),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("taken_up_at", sa.DateTime, index=True),
    )


def downgrade() -> None:
    op.drop_table("problems")
    op.drop_table("contact_log")
