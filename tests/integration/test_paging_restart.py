"""The database is the source of truth: a killed bot pages the backup exactly once."""

from __future__ import annotations

import asyncio
import re
import time
from pathlib import Path

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.integration.paging_setup import activate_by, build, in_thread, is_page

WINDOW_S = 15


async def test_sigkill_during_ack_window_then_late_backup_page_exactly_once(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    # A window long enough that the kill lands inside it on a loaded machine too: with 4 s,
    # and once with 8 s on a machine running two suites, the first page took the whole
    # window to arrive and the escalation ran before the kill (without its late note).
    c = await build(synapse, people, tmp_path, {"SHELTER": f"{WINDOW_S}s"}, process=True)
    try:
        activated = time.monotonic()
        _, root = await activate_by(c, c.front, "!activate drill LETHALITY")
        first = await c.s1.wait_for(is_page, what="first page")

        c.harness.kill_process()  # SIGKILL, inside the window
        assert time.monotonic() - activated < WINDOW_S, "the page came after its window"
        # The window ends while the bot is down.
        await asyncio.sleep(max(0.0, WINDOW_S + 1.0 - (time.monotonic() - activated)))
        assert not [r for r in c.s2.received if is_page(r)]

        c.harness.start_process()
        backup = await c.s2.wait_for(is_page, what="backup page after restart", timeout=30)
        assert "paged as the backup for SHELTER" in backup.body
        late = await c.front.wait_for(
            lambda r: in_thread(root)(r) and r.body.startswith("SHELTER paged backup"),
            what="late escalation notice",
        )
        assert re.search(
            rf"after {WINDOW_S}s without ack \(late by \d+s: MACT was not running", late.body
        )

        # Give a duplicate every chance to show up: a full sync round trip and then some.
        probe = await c.front.send(c.room_id, "!ping")
        await c.front.wait_reply(c.room_id, probe, timeout=20)
        await asyncio.sleep(1.0)
        assert [r.event_id for r in c.s1.received if is_page(r)] == [first.event_id]
        assert [r.event_id for r in c.s2.received if is_page(r)] == [backup.event_id]
        notices = [r.body for r in c.front.received if in_thread(root)(r)]
        assert len([n for n in notices if n.startswith("SHELTER paged backup")]) == 1
        assert len([n for n in notices if n.startswith("SHELTER paged: on-call")]) == 1
    finally:
        if c.harness.process is not None:
            assert c.harness.terminate_process() == 0
