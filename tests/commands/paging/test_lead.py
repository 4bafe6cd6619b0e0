"""!lead typed anywhere but the event's huddle thread is echoed into the thread."""

from __future__ import annotations

from pathlib import Path

from storage.repositories import crisis
from tests.helpers.command_harness import CommandHarness

FRONTLINE = "@agrant:localhost"
COORDINATOR = "@ccr.coordinator:localhost"


async def test_a_lead_change_from_another_thread_is_echoed_into_the_huddle(
    tmp_path: Path,
) -> None:
    h = CommandHarness(tmp_path)
    await h.open()
    try:
        await h.say(FRONTLINE, "!activate high-risk LETHALITY-HIGH")
        async with h.db.transaction() as session:
            await crisis.set_root(session, "CE-2026-0001", "$root")
        said = await h.say(
            COORDINATOR,
            "!lead HOSP-SW --event CE-2026-0001 injuries need the hospital to lead",
            thread="$some-other-thread",
        )
        assert said.reply.startswith("CE-2026-0001: Lead shifted from SHELTER-HH to HOSP-SW")
        echoed = [
            m
            for m in said.messages
            if (m.content.get("m.relates_to") or {}).get("event_id") == "$root"
            and "Lead shifted" in m.content["body"]
        ]
        assert len(echoed) == 1
        # In the huddle thread itself it is not echoed a second time.
        said = await h.say(COORDINATOR, "!lead SHELTER-HH back to the shelter", thread="$root")
        assert said.reply.startswith("CE-2026-0001: Lead shifted from HOSP-SW to SHELTER-HH")
        assert not [
            m
            for m in said.messages
            if m.txn_id.startswith("notice-") and "Lead shifted" in m.content["body"]
        ]
    finally:
        await h.close()
