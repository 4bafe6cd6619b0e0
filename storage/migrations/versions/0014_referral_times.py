"""referral times for the reports: when feedback first came and when the receiver decided

Revision ID: 0014
Revises: 0013

Referrals made before this revision get their times from their history (the first timeline
entry naming an answering status, and the first naming accepted or declined); one whose
history was already purged keeps NULL and is left out of the time figures.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

_ANSWERS = ("received", "accepted", "waitlisted", "declined")
_DECISIONS = ("accepted", "declined")


def upgrade() -> None:
    with op.batch_alter_table("referrals") as batch:
        batch.add_column(sa.Column("acknowledged_at", sa.DateTime, nullable=True))
        batch.add_column(sa.Column("decided_at", sa.DateTime, nullable=True))
    bind = op.get_bind()
    history = bind.execute(
        sa.text(
            "SELECT event_id, at, text FROM timeline WHERE kind = 'referral' "
            "AND event_id LIKE 'R-%' ORDER BY at, id"
        )
    ).all()
    acknowledged: dict[str, object] = {}
    decided: dict[str, object] = {}
    for ref, at, text in history:
        word = str(text).split(" ", 1)[0].split(":", 1)[0]
        if word in _ANSWERS:
            acknowledged.setdefault(ref, at)
        if word in _DECISIONS:
            decided.setdefault(ref, at)
    for ref, at in acknowledged.items():
        bind.execute(
            sa.text(
                "UPDATE referrals SET acknowledged_at = :at, decided_at = :decided WHERE id = :ref"
            ),
            {"at": at, "decided": decided.get(ref), "ref": ref},
        )


def downgrade() -> None:
    with op.batch_alter_table("referrals") as batch:
        batch.drop_column("decided_at")
        batch.drop_column("acknowledged_at")
