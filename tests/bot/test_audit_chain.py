"""`mact audit verify` and `export` on a real SQLite file, tampered with by hand."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from alembic import command
from sqlalchemy.engine import Connection

from bot.audit_chain import export_range, verify_database, verify_export
from bot.cli import main
from bot.config_loader import load_config_or_raise
from bot.private_files import write_private
from protocols.audit import AuditEntry, Outcome, first_break
from storage.db import Database, _alembic_config
from storage.repositories import audit
from tests.helpers.bot_harness import example_raw

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


async def _bot_with_audit(tmp: Path, n: int):  # type: ignore[no-untyped-def]
    import tomli_w

    raw = example_raw()
    raw["bot"]["data_dir"] = str(tmp / "data")
    # A password file beside the config: the loader insists on a secret, never used here.
    raw["bot"].pop("password_env", None)
    raw["bot"]["password_file"] = "bot.password"
    write_private(tmp / "bot.password", "unused")
    config = tmp / "config.toml"
    config.write_text(tomli_w.dumps(raw), encoding="utf-8")
    loaded = load_config_or_raise(config)
    db = Database(loaded.storage_url)
    await db.migrate()
    async with db.transaction() as session:
        for i in range(1, n + 1):
            await audit.append(
                session,
                AuditEntry(
                    T0 + timedelta(minutes=i), "@agrant:localhost", "SHELTER-HH", "frontline",
                    "note", "!room:localhost", f"$e{i}", Outcome.OK, f"CE-2026-000{i % 3}",
                ),
            )  # fmt: skip
    await db.close()
    return loaded, config, tmp / "data" / "mact.db"


async def test_verify_finds_an_edited_a_deleted_and_a_reordered_entry(tmp_path: Path) -> None:
    loaded, _, path = await _bot_with_audit(tmp_path, 8)
    assert (await verify_database(loaded))[:2] == (8, None)

    with sqlite3.connect(path) as conn:
        conn.execute("update audit_log set outcome = 'refused' where id = 5")
    count, broken, _ = await verify_database(loaded)
    assert broken is not None and broken.at == 5 and "edited" in broken.why and count == 0

    with sqlite3.connect(path) as conn:
        conn.execute("update audit_log set outcome = 'ok' where id = 5")
        conn.execute("delete from audit_log where id = 3")
    _, broken, _ = await verify_database(loaded)
    assert broken is not None and broken.at == 4 and "missing" in broken.why

    loaded, _, path = await _bot_with_audit(tmp_path / "again", 8)
    with sqlite3.connect(path) as conn:
        rows = {r[0]: r[1:] for r in conn.execute("select id, event_id, at from audit_log")}
        conn.execute("update audit_log set event_id = ?, at = ? where id = 6", rows[7])
        conn.execute("update audit_log set event_id = ?, at = ? where id = 7", rows[6])
    _, broken, _ = await verify_database(loaded)
    assert broken is not None and broken.at == 6


async def test_an_export_is_verified_without_the_database(tmp_path: Path) -> None:
    loaded, config, _ = await _bot_with_audit(tmp_path, 10)
    text = await export_range(loaded, T0 + timedelta(minutes=4), T0 + timedelta(minutes=8))
    export = tmp_path / "export.jsonl"
    export.write_text(text, encoding="utf-8")
    lines = [json.loads(line) for line in text.splitlines()]
    assert [e["id"] for e in lines[1:-1]] == [4, 5, 6, 7]
    assert lines[-1]["count"] == 4 and lines[-1]["head"] == lines[-2]["hash"]
    count, broken, head = verify_export(export)
    assert (count, broken, head) == (4, None, lines[-1]["head"])
    # The command line, as a reviewer and an admin run it (its own event loop: a thread).
    assert await asyncio.to_thread(main, ["audit", "verify", "--file", str(export)]) == 0
    assert await asyncio.to_thread(main, ["audit", "verify", "--config", str(config)]) == 0

    tampered = lines[:]
    tampered[2] = {**tampered[2], "command": "ping"}
    export.write_text("\n".join(json.dumps(x) for x in tampered) + "\n", encoding="utf-8")
    count, broken, _ = verify_export(export)
    assert broken is not None and broken.at == 5 and "edited" in broken.why
    assert await asyncio.to_thread(main, ["audit", "verify", "--file", str(export)]) == 1


async def test_entries_written_before_the_chain_are_chained_by_the_migration(
    tmp_path: Path,
) -> None:
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'old.db'}")

    def to_0007(conn: Connection) -> None:
        cfg = _alembic_config()
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")

    async with db.engine.begin() as conn:
        await conn.run_sync(to_0007)
    with sqlite3.connect(tmp_path / "old.db") as raw:
        for i in range(1, 4):
            raw.execute(
                "insert into audit_log (at, sender, agency, role, command, room_id, event_id, "
                "outcome, ref) values (?, '@a:hs', 'HOTLINE', 'frontline', 'ping', '!r:hs', ?, "
                "'ok', null)",
                (f"2026-11-30 10:0{i}:00.000000", f"$old{i}"),
            )
    await db.migrate()
    async with db.transaction() as session:
        await audit.append(
            session,
            AuditEntry(T0, "@a:hs", "HOTLINE", "frontline", "ping", "!r:hs", "$new", Outcome.OK),
        )
        entries = await audit.in_order(session)
    await db.close()
    assert [e.event_id for e in entries] == ["$old1", "$old2", "$old3", "$new"]
    assert first_break(entries) is None
