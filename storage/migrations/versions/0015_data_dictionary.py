"""the data dictionary: the versions MACT has run with, and on each record the version it
was coded under; referrals' source, housing status and service episode dates

Revision ID: 0015
Revises: 0014

Records made before this revision keep a NULL version: coded before the dictionary was
versioned, the checks treat them as the oldest.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "dictionary_versions",
        sa.Column("version", sa.String(16), primary_key=True),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("announced_at", sa.DateTime, nullable=True),
    )
    with op.batch_alter_table("referrals") as batch:
        batch.add_column(sa.Column("dict_version", sa.String(16), nullable=True))
        batch.add_column(sa.Column("source", sa.String(40), nullable=True))
        batch.add_column(sa.Column("housing", sa.String(40), nullable=True))
        batch.add_column(sa.Column("service_started", sa.Date, nullable=True))
        batch.add_column(sa.Column("service_closed", sa.Date, nullable=True))
    with op.batch_alter_table("requests") as batch:
        batch.add_column(sa.Column("dict_version", sa.String(16), nullable=True))
    with op.batch_alter_table("contact_log") as batch:
        batch.add_column(sa.Column("dict_version", sa.String(16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contact_log") as batch:
        batch.drop_column("dict_version")
    with op.batch_alter_table("requests") as batch:
        batch.drop_column("dict_version")
    with op.batch_alter_table("referrals") as batch:
        for name in ("service_closed", "service_started", "housing", "source", "dict_version"):
            batch.drop_column(name)
    op.drop_table("dictionary_versions")
