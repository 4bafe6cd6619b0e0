"""directory checks: when each agency's directory entry was last verified, and reminded

Revision ID: 0013
Revises: 0012
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "directory_checks",
        sa.Column("agency", sa.String(32), primary_key=True),
        sa.Column("verified_at", sa.DateTime),
        sa.Column("verified_by", sa.String(255)),
        sa.Column("reminded_at", sa.DateTime),
    )


def downgrade() -> None:
    op.drop_table("directory_checks")
