"""pages: whether the thread notice was posted and the page carries the thread link

A page issued before the huddle thread's root exists (the lead's page, sent alongside the
activation notice) is announced in the thread and edited to link the thread afterwards.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("announced", sa.Boolean, nullable=False, server_default="1"))
        batch.add_column(sa.Column("linked", sa.Boolean, nullable=False, server_default="1"))


def downgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.drop_column("linked")
        batch.drop_column("announced")
