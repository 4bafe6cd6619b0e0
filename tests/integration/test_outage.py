"""Never down: the homeserver stops and starts again during an escalation.

This module has a Synapse of its own, so stopping it disturbs no other test.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.integration.paging_setup import activate_by, build, in_thread, is_page

# Longer than the ~4 s after which the bot used to exit with ClientConnectorError.
OUTAGE_S = 8.0


@pytest.fixture(scope="module")
def own_synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalSynapse]:
    hs = LocalSynapse(tmp_path_factory.mktemp("synapse-outage"))
    hs.start()
    yield hs
    hs.stop()


@pytest.fixture
async def own_people(own_synapse: LocalSynapse, tmp_path: Path) -> AsyncIterator[People]:
    p = People(own_synapse, tmp_path)
    yield p
    await p.close()


async def test_bot_survives_an_outage_and_runs_missed_deadlines_once_after_it(
    own_synapse: LocalSynapse, own_people: People, tmp_path: Path
) -> None:
    c = await build(own_synapse, own_people, tmp_path, {"SHELTER": "4s"}, process=True)
    try:
        _, root = await activate_by(c, c.front, "!activate drill LETHALITY")
        first = await c.s1.wait_for(is_page, what="first page")

        own_synapse.stop()
        await asyncio.sleep(OUTAGE_S)  # the 4 s ack window ends while nobody can be reached
        assert c.harness.process is not None and c.harness.process.poll() is None, (
            "the bot exited during the outage"
        )
        own_synapse.start()

        backup = await c.s2.wait_for(is_page, what="backup page after the outage", timeout=60)
        assert "paged as the backup for SHELTER" in backup.body
        late = await c.front.wait_for(
            lambda r: in_thread(root)(r) and r.body.startswith("SHELTER paged backup"),
            what="late escalation notice",
            timeout=30,
        )
        assert re.search(
            r"after 4s without ack \(late by \d+s: MACT was not running, was delayed, or the "
            r"homeserver was unreachable\)",
            late.body,
        )
        status = await c.front.send(c.room_id, "!status")
        answer = await c.front.wait_reply(c.room_id, status, timeout=20)
        assert re.search(r"Homeserver: last unreachable \S+–\S+ UTC \(\d+s\)\.", answer.body)

        # Nothing doubled: one page each, one escalation notice.
        await asyncio.sleep(1.0)
        assert [r.event_id for r in c.s1.received if is_page(r)] == [first.event_id]
        assert [r.event_id for r in c.s2.received if is_page(r)] == [backup.event_id]
        notices = [r.body for r in c.front.received if in_thread(root)(r)]
        assert len([n for n in notices if n.startswith("SHELTER paged backup")]) == 1

        log = (tmp_path / "bot-process.log").read_text(encoding="utf-8")
        # One line when the outage starts and one when it ends, not one per attempt.
        assert log.count("homeserver unreachable") == 1, log
        assert log.count("homeserver reachable again") == 1, log
        assert "Timed out, sleeping" not in log
        assert c.harness.process.poll() is None
    finally:
        if not own_synapse.running:
            own_synapse.start()
        if c.harness.process is not None:
            assert c.harness.terminate_process() == 0


async def test_bot_starts_while_the_homeserver_is_down_and_waits_for_it(
    own_synapse: LocalSynapse, own_people: People, tmp_path: Path
) -> None:
    c = await build(own_synapse, own_people, tmp_path)
    await c.harness.stop()
    own_synapse.stop()
    try:
        c.harness.start_process()
        await asyncio.sleep(5.0)
        assert c.harness.process is not None and c.harness.process.poll() is None
        own_synapse.start()
        c.harness.wait_process_log("ready:", timeout=60)
        ping = await c.front.send(c.room_id, "!ping")
        assert (await c.front.wait_reply(c.room_id, ping, timeout=30)).body == "pong"
    finally:
        if not own_synapse.running:
            own_synapse.start()
        if c.harness.process is not None:
            assert c.harness.terminate_process() == 0
