"""Migration 0014 gives referrals made before it their report times from their history."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.db import Database, _alembic_config
from storage.repositories import referrals
from tests.helpers.command_harness import example_config

_INSERT = text(
    "INSERT INTO referrals (id, year, seq, from_agency, from_user, to_agency, program, "
    "purpose, basis, urgency, pathway, consent, case_ref, status, created_at, due, rung, "
    "reason, updated_at, snapshot) VALUES (:id, 2026, :seq, 'SHELTER-HH', '@a:localhost', "
    "'LEGAL-VLA', NULL, 'counseling', 'interview', 'standard', 'warm', 'verbal', NULL, "
    ":status, '2026-11-02 15:00:00.000000', '2026-11-05 23:30:00.000000', 0, NULL, NULL, "
    ":snapshot)"
)
_HISTORY = text(
    "INSERT INTO timeline (event_id, at, kind, agency, actor, text) "
    "VALUES (:ref, :at, 'referral', 'LEGAL-VLA', NULL, :text)"
)


async def test_times_come_from_the_history(tmp_path: Path) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'mact.db'}")
    receiver = example_config().agency("LEGAL-VLA")
    assert receiver is not None
    snapshot = json.dumps(
        {"receiver": receiver.model_dump(mode="json"), "coordinators": [],
         "timezone": "America/Chicago"}
    )  # fmt: skip

    def to_0013(conn: Connection) -> None:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0013")
        for seq, status in ((1, "completed"), (2, "sent"), (3, "waitlisted")):
            conn.execute(_INSERT, {"id": f"R-2026-{seq:04d}", "seq": seq, "status": status,
                                   "snapshot": snapshot})  # fmt: skip
        for ref, at, said in (
            ("R-2026-0001", "2026-11-02 15:00:00.000000", "sent to LEGAL-VLA (on-call primary)"),
            ("R-2026-0001", "2026-11-02 16:00:00.000000", "received"),
            ("R-2026-0001", "2026-11-03 09:00:00.000000", "accepted: from the intake line"),
            ("R-2026-0001", "2026-11-20 09:00:00.000000", "completed"),
            ("R-2026-0003", "2026-11-04 10:00:00.000000", "waitlisted (at-capacity): weeks"),
        ):
            conn.execute(_HISTORY, {"ref": ref, "at": at, "text": said})

    try:
        async with db.engine.begin() as conn:
            await conn.run_sync(to_0013)
        await db.migrate()
        async with db.transaction() as session:
            done = await referrals.get(session, "R-2026-0001")
            waiting = await referrals.get(session, "R-2026-0002")
            listed = await referrals.get(session, "R-2026-0003")
    finally:
        await db.close()
    assert done is not None and waiting is not None and listed is not None
    assert done.acknowledged_at == datetime(2026, 11, 2, 16, 0, tzinfo=UTC)
    assert done.decided_at == datetime(2026, 11, 3, 9, 0, tzinfo=UTC)
    assert (waiting.acknowledged_at, waiting.decided_at) == (None, None)
    assert listed.acknowledged_at == datetime(2026, 11, 4, 10, 0, tzinfo=UTC)
    assert listed.decided_at is None
