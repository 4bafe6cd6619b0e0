"""`mact audit verify` and `mact audit export`: the audit log's hash chain, checked in
the database or in an export an external reviewer holds (without MACT's database)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from protocols.audit import GENESIS, AuditEntry, Break, Outcome, first_break
from storage.db import Database
from storage.repositories import audit

from .config_loader import LoadedConfig

_BATCH = 5000


async def verify_database(loaded: LoadedConfig) -> tuple[int, Break | None, str]:
    """(entries checked, the first broken link or None, the chain's head hash)."""
    db = Database(loaded.storage_url)
    count, prev, last_id = 0, GENESIS, 0
    try:
        await db.migrate()
        while True:
            async with db.transaction() as session:
                batch = await audit.in_order(session, after_id=last_id, limit=_BATCH)
            if not batch:
                break
            # Each batch carries on from the last hash of the one before.
            if last_id and batch[0].id != last_id + 1:
                return count, Break(last_id + 1, f"entry {last_id + 1} is missing (deleted?)"), prev
            broken = first_break(batch, prev)
            if broken is not None:
                return count, broken, prev
            count += len(batch)
            prev = str(batch[-1].hash)
            last_id = int(batch[-1].id or 0)
    finally:
        await db.close()
    return count, None, prev


def _utc(at: datetime | None) -> datetime | None:
    """A bound as the database takes it: with a zone; one given without is UTC."""
    if at is None or at.tzinfo is not None:
        return at
    return at.replace(tzinfo=UTC)


async def export_range(loaded: LoadedConfig, since: datetime | None, until: datetime | None) -> str:
    """JSON lines: a start line with the hash the first entry follows, one line per entry
    with its hashes, and a last line with the head and the count."""
    db = Database(loaded.storage_url)
    try:
        await db.migrate()
        async with db.transaction() as session:
            entries = await audit.in_order(session, _utc(since), _utc(until), limit=10_000_000)
            start = await audit.hash_before(session, entries[0].id or 0) if entries else GENESIS
    finally:
        await db.close()
    lines = [json.dumps({"chain_start": start, "from": _iso(since), "to": _iso(until)})]
    lines += [json.dumps(_as_json(e), ensure_ascii=False) for e in entries]
    head = entries[-1].hash if entries else start
    lines.append(json.dumps({"head": head, "count": len(entries)}))
    return "\n".join(lines) + "\n"


def verify_export(path: Path) -> tuple[int, Break | None, str]:
    """Check an export file on its own: every link from its chain_start, and its head."""
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    if len(lines) < 2 or "chain_start" not in lines[0] or "head" not in lines[-1]:
        return 0, Break(0, "not a MACT audit export (no start or head line)"), ""
    entries = [_from_json(item) for item in lines[1:-1]]
    broken = first_break(entries, str(lines[0]["chain_start"]))
    if broken is not None:
        return len(entries), broken, ""
    head = entries[-1].hash if entries else lines[0]["chain_start"]
    if head != lines[-1]["head"] or len(entries) != lines[-1]["count"]:
        return len(entries), Break(len(entries), "the head line does not match the entries"), ""
    return len(entries), None, str(head)


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at is not None else None


def _as_json(e: AuditEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "at": e.at.isoformat(),
        "sender": e.sender,
        "agency": e.agency,
        "role": e.role,
        "command": e.command,
        "room_id": e.room_id,
        "event_id": e.event_id,
        "outcome": e.outcome.value,
        "ref": e.ref,
        "prev_hash": e.prev_hash,
        "hash": e.hash,
    }


def _from_json(item: dict[str, Any]) -> AuditEntry:
    return AuditEntry(
        at=datetime.fromisoformat(item["at"]),
        sender=item["sender"],
        agency=item["agency"],
        role=item["role"],
        command=item["command"],
        room_id=item["room_id"],
        event_id=item["event_id"],
        outcome=Outcome(item["outcome"]),
        ref=item["ref"],
        id=item["id"],
        prev_hash=item["prev_hash"],
        hash=item["hash"],
    )
