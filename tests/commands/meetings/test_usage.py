"""Every meetings and training command, typed bare, outside a meeting's thread, or with
client details: one line each."""

from __future__ import annotations

import pytest

from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH frontline
ADMIN = "@mact.admin:localhost"
OUTSIDE = "Say it in the meeting's thread: reply in the thread of its agenda."

CASES = [
    (FRONT, "!here", OUTSIDE),
    (FRONT, "!regrets HOSP-SW", OUTSIDE),
    (FRONT, "!info the clinic moves", OUTSIDE),
    (FRONT, "!agreed adopt it", OUTSIDE),
    (FRONT, "!minutes end", OUTSIDE),
    (FRONT, "!regrets", "Usage: !regrets <agency> [sent…]"),
    (FRONT, "!info", "Usage: !info <text…>"),
    (FRONT, "!agreed", "Usage: !agreed <text…>"),
    (FRONT, "!minutes action LEGAL-VLA", "Usage: !minutes start | action <owner> <due> <text…> "
     "| done <A-n> [note…] | end"),
    (FRONT, "!topic add", "Usage: !topic add <text…>"),
    (FRONT, "!topic add call Jane on 555-201-3344", "topic refused: it looks like a phone "
     "number"),
    (FRONT, "!meeting skip", "Usage: !meeting schedule <strategic|operational|technical|"
     "working-group>"),
    (FRONT, "!training", "Usage: !training schedule <YYYY-MM-DD> <HH:MM>"),
    (FRONT, "!training feedback T-1", "Usage: !training schedule"),
    (ADMIN, "!training list", "!training needs the frontline, supervisor, leadership or "
     "coordinator role; you are admin (CCR)."),
    (ADMIN, "!here", "!here needs the frontline, supervisor, leadership or coordinator role; "
     "you are admin (CCR)."),
]  # fmt: skip


@pytest.mark.parametrize(("who", "text", "expected"), CASES)
async def test_one_line_each(h: CommandHarness, who: str, text: str, expected: str) -> None:
    reply = (await h.say(who, text)).reply
    assert reply.startswith(expected), reply
    assert "\n" not in reply
