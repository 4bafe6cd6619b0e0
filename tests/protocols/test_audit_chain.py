"""The audit log's hash chain: an edited, a deleted and a reordered entry are each found."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from protocols.audit import GENESIS, AuditEntry, Outcome, chain_hash, first_break

T0 = datetime(2026, 12, 1, 15, 0, tzinfo=UTC)


def chain(n: int) -> list[AuditEntry]:
    entries = []
    prev = GENESIS
    for i in range(1, n + 1):
        e = AuditEntry(
            T0 + timedelta(seconds=i), f"@u{i}:hs", "SHELTER", "frontline", "note",
            "!room:hs", f"$e{i}", Outcome.OK, None, id=i,
        )  # fmt: skip
        digest = chain_hash(prev, e)
        entries.append(dataclasses.replace(e, prev_hash=prev, hash=digest))
        prev = digest
    return entries


def test_an_intact_chain_holds() -> None:
    assert first_break(chain(6)) is None
    # A part of it holds from the hash before its first entry.
    part = chain(6)[2:]
    assert first_break(part, chain(6)[1].hash or "") is None


def test_an_edited_entry_is_found() -> None:
    entries = chain(6)
    entries[3] = dataclasses.replace(entries[3], outcome=Outcome.REFUSED)
    broken = first_break(entries)
    assert broken is not None and broken.at == 4 and "edited" in broken.why


def test_a_deleted_entry_is_found() -> None:
    entries = chain(6)
    del entries[2]
    broken = first_break(entries)
    assert broken is not None and broken.at == 4 and "missing" in broken.why
    # Without ids (an export's lines renumbered), the link itself gives it away.
    bare = [dataclasses.replace(e, id=None) for e in entries]
    broken = first_break(bare)
    assert broken is not None and broken.at == 3 and "follow" in broken.why


def test_a_reordered_pair_is_found() -> None:
    entries = chain(6)
    entries[1], entries[2] = entries[2], entries[1]
    broken = first_break(entries)
    assert broken is not None and broken.at in (2, 3)


def test_the_hash_treats_a_stored_naive_time_as_utc() -> None:
    entry = chain(1)[0]
    naive = dataclasses.replace(entry, at=entry.at.replace(tzinfo=None))
    assert chain_hash(GENESIS, naive) == chain_hash(GENESIS, entry)
