"""What a person reads: seconds when they matter, 'due now', a member owner named once, and
a prompted check-in not turned into a cancelled one at the end."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any

from commands import DEADLINES
from commands.deadlines import run_due
from protocols.due import describe_due
from protocols.huddle.checkins import CheckinState
from storage.repositories import checkins
from tests.helpers.command_harness import START, CommandHarness, example_config

FRONT = "@agrant:localhost"
MEMBER = "@lbrandt:localhost"  # HOSP-SW frontline
EV = "CE-2026-0001"


def test_due_at_this_second_reads_due_now() -> None:
    assert describe_due(START, START, "America/Chicago") == "due now (09:00)"
    later = START + timedelta(seconds=5)
    assert describe_due(START, later, "America/Chicago") == "overdue by 5s (was due 09:00)"


async def test_a_window_under_a_minute_shows_its_seconds(tmp_path: Path) -> None:
    def thirty_seconds(raw: dict[str, Any]) -> None:
        raw["protocols"][0]["sequence"][0]["ack_window"] = "30s"

    h = CommandHarness(tmp_path, example_config(thirty_seconds))
    await h.open()
    try:
        said = await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
        page = next(m for m in said.messages if m.txn_id == f"page-{EV}-s0-a1")
        assert re.search(r"Acknowledge by \d\d:\d\d:\d\d America/Chicago \(within 30s\)",
                         page.content["body"])  # fmt: skip
        other = next(m for m in said.messages if m.txn_id == f"page-{EV}-s1-a1")
        assert re.search(r"Acknowledge by \d\d:\d\d America/", other.content["body"])
    finally:
        await h.close()


async def test_the_checkin_prompt_names_a_member_owner_once_and_close_keeps_it_prompted(
    h: CommandHarness,
) -> None:
    await h.say(FRONT, "!activate high-risk LETHALITY-HIGH")
    await h.say(FRONT, f"!action {EV} {MEMBER} 1h bring the forensic kit")
    await h.say(FRONT, f"!checkin {EV} 1m")
    h.advance(timedelta(minutes=2))
    await run_due(h.db, DEADLINES, EV, h.now)
    prompt = next(m for m in await h.outbox_rows() if m.txn_id == f"notice-{EV}-checkin-1")
    owner_line = prompt.content["body"].splitlines()[1]
    # By name in the body, as a pill in the HTML, once.
    assert owner_line.startswith("Leo Brandt (HOSP-SW): A-1 bring the forensic kit, ")
    assert owner_line.count("Leo Brandt") == 1 and MEMBER not in owner_line
    html = prompt.content["formatted_body"]
    assert html.count(f'<a href="https://matrix.to/#/{MEMBER}">Leo Brandt</a>') == 1

    await h.say(FRONT, f"!cancel {EV} drill over")
    async with h.db.transaction() as session:
        states = {c.number: c.state for c in await checkins.for_event(session, EV)}
    assert states[1] is CheckinState.PROMPTED
    assert "updates asked for" in (await h.say(FRONT, f"!summary {EV}")).reply
