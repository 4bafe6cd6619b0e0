"""Every referral-workflow command, typed bare or wrong, and by someone it is not for:
one line each, saying what to type or why not."""

from __future__ import annotations

import pytest

from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH frontline
ADMIN = "@mact.admin:localhost"  # CCR admin
ON_CALL = "@legal.oncall:localhost"  # a contact point, not on the roster
REFER_ARGS = "LEGAL-VLA x --basis interview --urgency standard --pathway warm"

CASES = [
    (FRONT, "!refer", "Usage: !refer <AGENCY[/PROGRAM]> [--basis interview|records|partner] "
     "[--urgency standard|priority|urgent] [--pathway direct|warm|triage|embedded] "
     "[--case REF] [--consent written|verbal|none] [--housing CODE] <purpose…>"),
    (FRONT, "!referral", "Usage: !referral <R-…> [status] [--reason CODE] [note…]"),
    (FRONT, "!referral R-2026-0001 accepted", "There is no referral R-2026-0001."),
    (FRONT, "!referrals nope", "'nope' is not a filter: open, overdue, mine, to, from."),
    (FRONT, "!capacity NOPE full", "There is no agency NOPE (known: SHELTER-HH, HOSP-SW, "
     "LEGAL-VLA, PD-DVU, HOTLINE, COURT-ADV, CCR)."),
    (FRONT, "!ask LEGAL-VLA", "Usage: !ask <agency> <routine|time-sensitive|policy> <purpose…>"),
    (FRONT, "!answer", "Usage: !answer <Q-n> <text…>"),
    (FRONT, "!answer Q-9 hi", "There is no request Q-9."),
    (FRONT, "!log", "Usage: !log <agency> [type] [purpose…] [--outcome <text…>]"),
    (FRONT, "!raise", "Usage: !raise <text…>"),
    (FRONT, "!oncall NOPE", "There is no agency NOPE (known: SHELTER-HH, HOSP-SW, LEGAL-VLA, "
     "PD-DVU, HOTLINE, COURT-ADV, CCR)."),
    (FRONT, "!report referrals", "!report needs the supervisor, leadership, coordinator or "
     "admin role; you are frontline (SHELTER-HH)."),
    (ADMIN, f"!refer {REFER_ARGS}", "!refer needs the frontline, supervisor, leadership or "
     "coordinator role; you are admin (CCR)."),
    (ON_CALL, f"!refer {REFER_ARGS}", "You are not on the MACT roster, so I cannot run "
     "!refer; ask your coalition admin to add you."),
    (ON_CALL, "!ask HOTLINE routine hi", "You are not on the MACT roster, so I cannot run "
     "!ask; ask your coalition admin to add you."),
]  # fmt: skip


@pytest.mark.parametrize(("who", "text", "expected"), CASES)
async def test_one_line_each(h: CommandHarness, who: str, text: str, expected: str) -> None:
    assert (await h.say(who, text)).reply == expected
