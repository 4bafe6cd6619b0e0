"""Paged contacts are told when their page needs no answer any more."""

from __future__ import annotations

from commands.paging import sequence
from storage.repositories import crisis, outbox
from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH frontline
LEAD_CONTACT = "@sokafor:localhost"  # SHELTER-HH's paged primary
EV = "CE-2026-0001"


def over(said_messages: list) -> dict[str, str]:  # type: ignore[type-arg]
    return {
        str(m.to_user): str(m.content["body"])
        for m in said_messages
        if m.txn_id.startswith("page-over-")
    }


async def test_a_colleagues_ack_tells_the_paged_contact(h: CommandHarness) -> None:
    await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
    async with h.db.transaction() as session:
        await sequence.root_sent(session, EV, "$root")
        (_, page), *_ = await crisis.pending_pages_for(session, LEAD_CONTACT)
        await crisis.record_page_delivery(session, page.id, "$page1", "!dm:localhost")
    said = await h.say(FRONT, "!ack", thread="$root")
    told = [m for m in said.messages if m.txn_id.startswith("page-over-")]
    assert [m.to_user for m in told] == [LEAD_CONTACT]
    assert told[0].content["body"] == (
        f"No need to answer this page for {EV} (SHELTER-HH): "
        "Aisha Grant acknowledged for SHELTER-HH."
    )
    assert told[0].content["m.relates_to"] == {"m.in_reply_to": {"event_id": "$page1"}}


async def test_cancelling_tells_every_contact_still_paged(h: CommandHarness) -> None:
    said = await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
    paged = sorted(str(m.to_user) for m in said.messages if m.txn_id.startswith("page-"))
    said = await h.say(FRONT, f"!cancel {EV} drill ended")
    assert sorted(over(said.messages)) == paged
    assert set(over(said.messages).values()) == {
        body for body in over(said.messages).values() if body.endswith(": the event was cancelled.")
    }
    async with h.db.transaction() as session:
        assert (
            len([r for r in await outbox.unsent(session) if "page-over" in r.message.txn_id]) == 3
        )
