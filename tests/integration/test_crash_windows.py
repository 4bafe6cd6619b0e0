"""The two crash windows: between a page's send and its record, and between creating a DM
and recording it. Each test makes the bot fail at exactly that point, then stops it (as a
kill would leave it: nothing after the failure ran) and starts it again."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bot.local_homeserver import LocalSynapse
from storage.repositories import crisis as crisis_repo
from storage.repositories import direct_rooms as direct_rooms_repo
from tests.conftest import People
from tests.integration.paging_setup import activate_by, build, in_thread, is_page


class Crash(Exception):
    """Stands for the process dying at this line."""


def crash_once(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[int]:
    """Make `module.name` fail on its first call only; returns the list of calls made."""
    real = getattr(module, name)
    calls: list[int] = []

    async def patched(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise Crash(name)
        return await real(*args, **kwargs)

    monkeypatch.setattr(module, name, patched)
    return calls


async def test_a_crash_after_a_page_is_sent_loses_neither_the_page_nor_its_ack(
    synapse: LocalSynapse, people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = await build(synapse, people, tmp_path, {"SHELTER": "60s"})
    calls = crash_once(monkeypatch, crisis_repo, "record_page_delivery")
    try:
        _, root = await activate_by(c, c.front, "!activate drill LETHALITY")
        page = await c.s1.wait_for(is_page, what="the page")
        assert calls, "the page's delivery was never recorded"
        await c.harness.stop()
        monkeypatch.undo()
        await c.harness.start()

        # The restarted bot sent the page again under its transaction id: the homeserver
        # answered with the same event, so the contact still has one page, and it is the
        # one a ✅ acknowledges.
        await c.s1.react(page.room_id, page.event_id)
        acked = await c.front.wait_for(
            lambda r: in_thread(root)(r) and r.body.startswith("SHELTER acknowledged in "),
            what="ack notice",
            timeout=20,
        )
        assert acked.body.endswith(f"by {c.shown('s1')}")
        assert [r.event_id for r in c.s1.received if is_page(r)] == [page.event_id]
    finally:
        await c.harness.stop()


async def test_a_crash_after_creating_a_dm_does_not_create_a_second_one(
    synapse: LocalSynapse, people: People, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    c = await build(synapse, people, tmp_path, {"SHELTER": "60s"})
    calls = crash_once(monkeypatch, direct_rooms_repo, "put")
    try:
        await activate_by(c, c.front, "!activate drill LETHALITY")
        await c.s1.wait_until(lambda: bool(calls), what="the DM created", timeout=20)
        await c.harness.stop()
        monkeypatch.undo()
        await c.harness.start()

        page = await c.s1.wait_for(is_page, what="the page after restart", timeout=30)
        shared = [
            room_id
            for room_id, room in c.s1.client.rooms.items()
            if c.harness.user_id in room.users and room_id != c.room_id
        ]
        assert shared == [page.room_id], "a second DM was created"
        assert len([r for r in c.s1.received if is_page(r)]) == 1
    finally:
        await c.harness.stop()
