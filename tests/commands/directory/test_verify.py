"""Directory verification: a supervisor stamps their agency's entry; stale entries are
listed, and their supervisors reminded by the daily job, at most monthly."""

from __future__ import annotations

from datetime import timedelta

from bot.daily_job import remind_stale_entries
from tests.helpers.command_harness import CommandHarness

LEGAL_SUP = "@mchen:localhost"  # LEGAL-VLA supervisor
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA frontline
FRONT = "@agrant:localhost"


async def test_verify_stale_and_monthly_reminders(h: CommandHarness) -> None:
    assert (await h.say(LEGAL_SUP, "!directory verify LEGAL-VLA")).reply == (
        "LEGAL-VLA's directory entry is verified; due again in 90d."
    )
    assert (await h.say(LEGAL, "!directory verify LEGAL-VLA")).reply == (
        "Only LEGAL-VLA's supervisors verify its directory entry."
    )
    assert (await h.say(LEGAL_SUP, "!directory verify HOSP-SW")).reply == (
        "Only HOSP-SW's supervisors verify its directory entry."
    )
    assert (await h.say(LEGAL_SUP, "!directory verify")).reply.startswith("Say which agency")
    stale = (await h.say(FRONT, "!directory stale")).reply.splitlines()
    assert stale[0] == "Not verified within 90d:"
    assert "SHELTER-HH: never verified" in stale and not any("LEGAL" in s for s in stale)

    async def reminded_now() -> list[str]:
        async with h.db.transaction() as session:
            return await remind_stale_entries(session, h.config, h.now)

    first = await reminded_now()
    assert "LEGAL-VLA" not in first and "SHELTER-HH" in first
    h.advance(timedelta(days=91))
    assert "LEGAL-VLA" in await reminded_now()
    rows = [m for m in await h.outbox_rows() if m.txn_id.startswith("directory-stale-LEGAL-VLA")]
    assert [str(m.to_user) for m in rows] == [LEGAL_SUP]
    assert "!directory verify LEGAL-VLA" in rows[0].content["body"]
    h.advance(timedelta(days=10))
    assert "LEGAL-VLA" not in await reminded_now()  # reminded 10 days ago: not again yet
    h.advance(timedelta(days=21))
    assert "LEGAL-VLA" in await reminded_now()  # a month on
