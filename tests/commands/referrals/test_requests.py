"""Coordination requests: !ask with its response window, !answer, refusals, and an
unanswered request chased up the ladder on an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from commands import DEADLINES
from commands.deadlines import run_due
from tests.helpers.command_harness import CommandHarness, example_config

FRONT = "@agrant:localhost"  # SHELTER-HH
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA's primary
LEGAL_SUP = "@mchen:localhost"  # LEGAL-VLA's escalation
COORD = "@ccr.coordinator:localhost"


def chicago(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour, minute, tzinfo=UTC) + timedelta(hours=6)


async def test_ask_and_answer(h: CommandHarness) -> None:
    said = await h.say(FRONT, "!ask LEGAL-VLA routine can you take walk-ins on Thursday")
    # Tue 1 Dec 09:00: two business days of LEGAL-VLA, to the end of its Thursday.
    assert said.reply == (
        "Q-1: routine request to LEGAL-VLA sent; answer expected by Thu 03 Dec 17:30 "
        "America/Chicago."
    )
    (dm,) = [m for m in said.messages if m.to_user == LEGAL]
    assert dm.content["body"].startswith("Q-1 routine request from SHELTER-HH, answer by Thu")
    said = await h.say(FRONT, "!ask LEGAL-VLA policy do protective orders cover pets")
    assert [m.to_user for m in said.messages if m.to_user] == [LEGAL_SUP]  # its senior contact
    said = await h.say(LEGAL, "!answer Q-1 yes, 9 to 12")
    assert said.reply == "Q-1 answered; SHELTER-HH is told."
    (told,) = [m for m in said.messages if m.to_user == FRONT]
    assert told.content["body"] == "Q-1 answered by LEGAL-VLA: yes, 9 to 12"
    assert (await h.say(LEGAL, "!answer Q-1 again")).reply == "Q-1 was answered already."
    assert (await h.say(FRONT, "!answer Q-2 me")).reply == (
        "Q-2 was asked of LEGAL-VLA; you are with SHELTER-HH."
    )
    refusals = {
        "!ask SHELTER-HH routine x": "A request goes to another agency, not your own.",
        "!ask LEGAL-VLA soonish x": "The kind is one of routine|time-sensitive|policy",
        "!ask LEGAL-VLA routine mail jane@example.org": "purpose refused: it looks like an email",
        "!answer Q-x y": "'Q-x' is not a request id",
        "!answer Q-9 y": "There is no request Q-9.",
    }
    for command, start in refusals.items():
        assert (await h.say(FRONT, command)).reply.startswith(start), command


async def test_an_unanswered_request_is_chased(h: CommandHarness) -> None:
    await h.say(FRONT, "!ask LEGAL-VLA time-sensitive need a duty attorney today")

    async def told_at(at: datetime) -> list[str]:
        await run_due(h.db, DEADLINES, "Q-1", at)
        return [
            str(m.to_user)
            for m in await h.outbox_rows()
            if m.txn_id.startswith("request-Q-1-overdue")
        ]

    assert await told_at(chicago(1, 17, 29)) == []
    assert await told_at(chicago(1, 17, 30)) == [LEGAL]  # the same business day's end
    # A same-day matter climbs by the hour (urgent_escalate_after), not by business days.
    assert await told_at(chicago(1, 18, 29)) == [LEGAL]
    assert await told_at(chicago(1, 18, 30)) == [LEGAL, LEGAL_SUP]
    assert sorted(await told_at(chicago(1, 19, 30))) == sorted([LEGAL, LEGAL_SUP, FRONT, COORD])
    _, wake = await run_due(h.db, DEADLINES, "Q-1", chicago(1, 20))
    assert wake is None


async def test_a_time_sensitive_window_and_its_hourly_ladder(tmp_path: Path) -> None:
    def two_hours(raw: dict[str, Any]) -> None:
        raw["referrals"]["time_sensitive_within"] = "2h"

    h = CommandHarness(tmp_path, example_config(two_hours))
    await h.open()
    try:
        said = await h.say(FRONT, "!ask LEGAL-VLA time-sensitive is the clinic open today")
        # Tue 09:00: two hours, sooner than the day's end; then a rung every hour.
        assert said.reply == (
            "Q-1: time-sensitive request to LEGAL-VLA sent; answer expected by Tue 01 Dec "
            "11:00 America/Chicago."
        )
        told = []
        for at in (chicago(1, 10, 59), chicago(1, 11), chicago(1, 12), chicago(1, 13)):
            _, wake = await run_due(h.db, DEADLINES, "Q-1", at)
            told.append(sorted(str(m.to_user) for m in await h.outbox_rows()
                               if m.txn_id.startswith("request-Q-1-overdue")))  # fmt: skip
        everyone = sorted([LEGAL, LEGAL_SUP, FRONT, COORD])
        assert told == [[], [LEGAL], sorted([LEGAL, LEGAL_SUP]), everyone]
        assert wake is None
    finally:
        await h.close()
