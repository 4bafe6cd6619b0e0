"""A ✅ on a page goes through the router: exactly once, audited, with !ack's rules."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from commands.paging import sequence
from storage.repositories import crisis, outbox
from tests.helpers.command_harness import CommandHarness

FRONTLINE = "@agrant:localhost"  # SHELTER-HH
LEAD_CONTACT = "@sokafor:localhost"  # SHELTER-HH's primary contact
OTHER_AGENCY = "@lbrandt:localhost"  # HOSP-SW


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[CommandHarness]:
    harness = CommandHarness(tmp_path)
    await harness.open()
    await harness.say(FRONTLINE, "!activate high-risk LETHALITY-HIGH")
    # The lead's page reached its DM as $page1.
    async with harness.db.transaction() as session:
        pending = await crisis.pending_pages_for(session, LEAD_CONTACT)
        assert len(pending) == 1
        await crisis.record_page_delivery(session, pending[0][1].id, "$page1", "!dm:localhost")
    yield harness
    await harness.close()


def _audit(h: CommandHarness) -> list[tuple[str, str, str]]:
    db = sqlite3.connect(h.db.url.split("///", 1)[1])
    try:
        return db.execute(
            "select sender, command, outcome from audit_log where command = 'ack-reaction'"
        ).fetchall()
    finally:
        db.close()


async def test_a_tick_on_the_page_acknowledges_once(h: CommandHarness) -> None:
    said = await h.react(LEAD_CONTACT, "$page1")
    assert [m.content["body"] for m in said.messages if "acknowledged" in m.content["body"]]
    assert _audit(h) == [(LEAD_CONTACT, "ack-reaction", "ok")]


async def test_someone_of_another_agency_cannot_acknowledge_by_reaction(
    h: CommandHarness,
) -> None:
    said = await h.react(OTHER_AGENCY, "$page1")
    assert said.messages == []
    assert _audit(h) == [(OTHER_AGENCY, "ack-reaction", "refused")]


async def test_other_keys_and_other_messages_do_nothing(h: CommandHarness) -> None:
    assert (await h.react(LEAD_CONTACT, "$page1", key="🎉")).messages == []
    assert (await h.react(LEAD_CONTACT, "$not-a-page")).messages == []
    assert _audit(h) == []


async def test_a_thumbs_up_in_any_skin_tone_acknowledges(h: CommandHarness) -> None:
    said = await h.react(LEAD_CONTACT, "$page1", key="👍🏽")
    assert [m for m in said.messages if "acknowledged" in m.content["body"]]
    assert _audit(h) == [(LEAD_CONTACT, "ack-reaction", "ok")]


async def test_a_tick_on_the_paged_notice_by_the_paged_person_acknowledges(
    h: CommandHarness,
) -> None:
    # The huddle thread's "SHELTER-HH paged: on-call primary …" notice was sent as $notice.
    async with h.db.transaction() as session:
        announced = await sequence.root_sent(session, "CE-2026-0001", "$root")
        notice = next(m for m in announced if m.txn_id == "notice-CE-2026-0001-paged-s0-a1")
        sent = await outbox.enqueue(session, notice, h.now)
        await outbox.mark_sent(session, sent, "$notice", h.now)
    assert (await h.react(OTHER_AGENCY, "$notice")).messages == []
    said = await h.react(LEAD_CONTACT, "$notice")
    assert [m for m in said.messages if "acknowledged" in m.content["body"]]
