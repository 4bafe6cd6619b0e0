"""An ack that comes before the activation notice (the thread's root) was sent."""

from __future__ import annotations

from protocols.outbox import PENDING_THREAD_ROOT
from tests.helpers.command_harness import CommandHarness

EV = "CE-2026-0001"
FRONT = "@agrant:localhost"
LEAD = "@dreyes:localhost"


async def test_its_notice_waits_for_the_root_to_join_its_thread(h: CommandHarness) -> None:
    await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
    said = await h.say(LEAD, f"!ack {EV}")
    notice = next(m for m in said.messages if m.txn_id == f"notice-{EV}-ack-s0")
    # Not in the room outright: the sender puts it in the root's thread, behind the root
    # in the room's lane.
    assert notice.content[PENDING_THREAD_ROOT] == f"root-{EV}"
    assert "m.relates_to" not in notice.content
