"""The huddle's refusals, usage lines and permission paths, in-process: each answers in
one line (or the list of what is missing) and changes nothing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH, the lead agency
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA
COORD = "@ccr.coordinator:localhost"
EV = "CE-2026-0001"


@pytest.fixture
async def h(tmp_path: Path) -> AsyncIterator[CommandHarness]:
    harness = CommandHarness(tmp_path)
    await harness.open()
    await harness.say(FRONT, "!activate high-risk LETHALITY-HIGH")
    yield harness
    await harness.close()


async def say(h: CommandHarness, who: str, text: str) -> str:
    return (await h.say(who, text)).reply


async def test_action_refusals(h: CommandHarness) -> None:
    assert await say(h, FRONT, f"!action {EV} NOPE 5m x") == (
        "'NOPE' is neither an agency (SHELTER-HH, HOSP-SW, LEGAL-VLA, PD-DVU, HOTLINE, "
        "COURT-ADV, CCR) nor a @user:server id."
    )
    assert (await say(h, FRONT, f"!action {EV} SHELTER-HH 09:61 x")).startswith(
        "'09:61' is not a due time"
    )
    assert await say(h, FRONT, f"!action {EV} SHELTER-HH 5m call 555-123-4567") == (
        "action item refused: it looks like a phone number (characters 6-17 of it); say 'call "
        "her on the number in our file' instead. Keep client details out of MACT"
    )
    assert await say(h, FRONT, f"!action {EV} SHELTER-HH 5m") == (
        "Usage: !action [CE-…] <owner> <due> <text…>"
    )
    assert await say(h, FRONT, "!action SHELTER-HH 5m x") == (
        "Say which event: !action CE-YYYY-NNNN, or use it in the event's huddle thread."
    )


async def test_item_changes_by_another_agency_are_refused(h: CommandHarness) -> None:
    assert (await say(h, FRONT, f"!action {EV} SHELTER-HH 1h hold a bed")).startswith(
        f"{EV} A-1 for SHELTER-HH"
    )
    assert await say(h, LEGAL, f"!done {EV} A-1") == (
        "A-1 belongs to SHELTER-HH; only its staff, the lead agency (SHELTER-HH) or a "
        "coordinator may change it; you are frontline (LEGAL-VLA)."
    )
    assert await say(h, FRONT, f"!done {EV} A-7") == f"{EV} has no A-7."
    assert await say(h, FRONT, f"!extend {EV} A-1") == "Usage: !extend [CE-…] <A-n|I-n> <due>"
    assert await say(h, FRONT, f"!carry {EV} A-1 SHELTER-HH extra") == (
        "Usage: !carry [CE-…] <A-n> <owner>"
    )


async def test_close_refusals(h: CommandHarness) -> None:
    await say(h, FRONT, f"!action {EV} SHELTER-HH 1h hold a bed")
    missing = await say(h, FRONT, f"!close {EV} SHELTERED")
    assert missing.startswith(f"{EV} cannot close yet; missing:\n- ")
    assert "!done A-1, !drop A-1 <reason> or !carry A-1 <owner>" in missing
    assert (await say(h, FRONT, f"!close {EV} NOPE")).startswith(
        "'NOPE' is not an outcome of high-risk; use one of: "
    )
    assert await say(h, LEGAL, f"!close {EV} SHELTERED") == (
        f"Closing {EV} needs the lead agency (SHELTER-HH) or the coordinator role; "
        "you are frontline (LEGAL-VLA)."
    )
    assert await say(h, FRONT, "!close") == "Usage: !close [CE-…] <outcome> [note…]"


async def test_a_closed_event_takes_no_more_actions_and_the_review_checks_its_words(
    h: CommandHarness,
) -> None:
    await say(h, FRONT, f"!note {EV} shelter has a bed")
    await say(h, FRONT, f"!decision {EV} client goes to the shelter --why bed free")
    assert (await say(h, COORD, f"!close {EV} SHELTERED")).startswith(f"{EV} closed by ")
    assert await say(h, FRONT, f"!action {EV} SHELTER-HH 5m x") == (
        f"{EV} is closed; it takes no more actions."
    )
    assert await say(h, FRONT, f"!aar {EV} add nope x") == (
        "'nope' is not a review section (use one of: worked, barrier, timing, gap)."
    )
    assert await say(h, COORD, f"!aar {EV} improve HOSP-SW 2h x --type party") == (
        "--type is one of protocol, training, resource."
    )
    assert await say(h, COORD, f"!aar {EV} close now") == (
        "Usage: !aar [CE-…] add <worked|barrier|timing|gap> <text…> | improve <agency> <due> "
        "<text…> [--type protocol|training|resource] | close"
    )
