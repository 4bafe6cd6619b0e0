from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from protocols.audit import AuditEntry, Outcome
from protocols.outbox import OutgoingMessage
from storage.db import Database
from storage.repositories import audit, outbox, processed

NOW = datetime(2026, 12, 1, 9, 30, tzinfo=UTC)


async def make_db(tmp_path: Path) -> Database:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'mact.db'}")
    await db.migrate()
    return db


async def test_migrations_reach_head_and_are_idempotent(tmp_path: Path) -> None:
    db = await make_db(tmp_path)
    assert await db.schema_revision() == Database.head_revision()
    await db.migrate()
    assert await db.schema_revision() == Database.head_revision()
    await db.close()


async def test_processed_events_are_marked_once(tmp_path: Path) -> None:
    db = await make_db(tmp_path)
    async with db.transaction() as s:
        assert await processed.mark_processed(s, "$e1", "!r", NOW)
        assert not await processed.mark_processed(s, "$e1", "!r", NOW)
    async with db.transaction() as s:
        assert not await processed.mark_processed(s, "$e1", "!r", NOW)
        assert await processed.count(s) == 1
    await db.close()


async def test_rollback_leaves_nothing(tmp_path: Path) -> None:
    db = await make_db(tmp_path)
    with pytest.raises(RuntimeError, match="handler failed"):
        async with db.transaction() as s:
            await processed.mark_processed(s, "$e2", "!r", NOW)
            raise RuntimeError("handler failed")
    async with db.transaction() as s:
        assert not await processed.is_processed(s, "$e2")
    await db.close()


async def test_outbox_deduplicates_by_txn_and_forgets_content_once_sent(tmp_path: Path) -> None:
    db = await make_db(tmp_path)
    msg = OutgoingMessage("reply-$e3", "!r", "m.room.message", {"body": "pong"})
    async with db.transaction() as s:
        first = await outbox.enqueue(s, msg, NOW)
        assert await outbox.enqueue(s, msg, NOW) == first
        assert [r.id for r in await outbox.unsent(s)] == [first]
    async with db.transaction() as s:
        await outbox.mark_sent(s, first, "$sent", NOW)
    async with db.transaction() as s:
        rec = await outbox.get(s, first)
        assert rec is not None and rec.sent_event_id == "$sent" and rec.sent_at == NOW
        assert rec.message.content == {}
        assert await outbox.unsent(s) == []
    await db.close()


async def test_audit_round_trips_with_aware_times(tmp_path: Path) -> None:
    db = await make_db(tmp_path)
    entry = AuditEntry(NOW, "@a:hs", "HOTLINE", "frontline", "ping", "!r", "$e4", Outcome.OK)
    async with db.transaction() as s:
        await audit.append(s, entry)
    async with db.transaction() as s:
        (got,) = await audit.latest(s)
    assert got.at == NOW and got.at.tzinfo is not None
    assert (got.command, got.outcome) == ("ping", Outcome.OK)
    await db.close()


async def test_events_with_the_same_id_in_two_databases_keep_their_own_snapshot(
    tmp_path: Path,
) -> None:
    """Event ids are per database: a cache keyed by id alone paged another coalition's
    contacts (found when two bots ran in one process)."""
    import copy

    from protocols.ids import UserId
    from protocols.paging.crisis import CrisisEvent, EventState, take_snapshot
    from storage.repositories import crisis
    from tests.protocols.coalition import BASE, config

    other = copy.deepcopy(BASE)
    other["agencies"][0]["primary"]["matrix_id"] = "@someone-else:hs"
    events = []
    for name, cfg in (("a", config()), ("b", config(other))):
        (tmp_path / name).mkdir()
        db = await make_db(tmp_path / name)
        snap = take_snapshot(cfg, cfg.protocols[0])
        event = CrisisEvent(
            "CE-2026-0001",
            snap,
            "LETHALITY",
            None,
            None,
            "SHELTER",
            UserId("@front:hs"),
            NOW,
            "!r:hs",
            None,
            EventState.ACTIVE,
        )
        async with db.transaction() as s:
            await crisis.insert_event(s, event, 2026, 1)
        async with db.transaction() as s:
            got = await crisis.get_event(s, "CE-2026-0001")
        assert got is not None
        events.append(got.snapshot.agency("SHELTER").primary.matrix_id)
        await db.close()
    assert events == ["@s1:hs", "@someone-else:hs"]
