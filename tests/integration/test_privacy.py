"""A refused text is never stored, logged, audited or queued: the room gets one line
saying what kind of data was found and where, and nothing of the text stays anywhere."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.integration.paging_setup import activate_by, build

SECRET = "Shanice Whitfield"


async def test_a_note_with_a_name_is_refused_and_leaves_no_trace(
    synapse: LocalSynapse, people: People, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    c = await build(synapse, people, tmp_path, {"SHELTER": "30s", "HOSP": "30s"})
    try:
        _, root = await activate_by(c, c.front, "!activate drill LETHALITY")
        cmd = await c.front.send(c.room_id, f"!note client {SECRET} needs a bed", thread_root=root)
        reply = (await c.front.wait_reply(c.room_id, cmd)).body
        assert reply == (
            "note refused: it looks like a person's name (characters 8-14 of it); say 'the "
            "client', 'her son' or use the case code. Keep client details out of MACT"
        )
        assert SECRET not in reply and "Shanice" not in reply
        # A later command is handled (so the refused one's transaction is committed).
        ok = await c.front.send(c.room_id, "!note bed confirmed", thread_root=root)
        await c.front.wait_reply(c.room_id, ok)
    finally:
        await c.harness.stop()
    # The database (and its write-ahead log), every log record: no byte of the text.
    for path in c.harness.db_path.parent.glob("mact.db*"):
        data = path.read_bytes()
        assert b"Shanice" not in data and b"Whitfield" not in data, path.name
    logged = "\n".join(
        f"{r.getMessage()} {r.args!r}" for r in caplog.records if r.name.startswith("bot")
    )
    assert "Shanice" not in logged and "Whitfield" not in logged
