"""audit chain: each audit entry carries the previous entry's hash and its own

Revision ID: 0008
Revises: 0007
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from protocols.audit import GENESIS, AuditEntry, Outcome, chain_hash

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.add_column(sa.Column("prev_hash", sa.String(64)))
        batch.add_column(sa.Column("hash", sa.String(64)))
    # Entries written before the chain existed are chained now, in their order.
    conn = op.get_bind()
    rows = conn.execute(
        sa.text(
            "select id, at, sender, agency, role, command, room_id, event_id, outcome, ref "
            "from audit_log order by id"
        )
    ).fetchall()
    prev = GENESIS
    for row in rows:
        at = row.at if not isinstance(row.at, str) else _parse(row.at)
        entry = AuditEntry(
            at=at,
            sender=row.sender,
            agency=row.agency,
            role=row.role,
            command=row.command,
            room_id=row.room_id,
            event_id=row.event_id,
            outcome=Outcome(row.outcome),
            ref=row.ref,
        )
        digest = chain_hash(prev, entry)
        conn.execute(
            sa.text("update audit_log set prev_hash = :p, hash = :h where id = :i"),
            {"p": prev, "h": digest, "i": row.id},
        )
        prev = digest


def _parse(text: str):  # type: ignore[no-untyped-def]
    from datetime import datetime

    return datetime.fromisoformat(text)


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("hash")
        batch.drop_column("prev_hash")
