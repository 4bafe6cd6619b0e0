"""!validate over MACT's records in the harness: each tier, ids and counts, refusals."""

from __future__ import annotations

import dataclasses
from datetime import timedelta

from storage.repositories import referrals
from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA
COORD = "@ccr.coordinator:localhost"
REFER = "!refer LEGAL-VLA counseling --basis interview --urgency standard --pathway warm"


async def test_validate_finds_each_kind(h: CommandHarness) -> None:
    await h.say(FRONT, f"{REFER} --case HH-2026-0042 --housing dv-shelter")
    await h.say(FRONT, f"{REFER} --case HH-2026-0042 --housing dv-shelter")  # a duplicate
    await h.say(LEGAL, "!referral R-2026-0001 accepted")
    await h.say(LEGAL, "!referral R-2026-0001 completed")  # with no service start
    await h.say(FRONT, f"{REFER} --case HH-2026-0043")
    # Coded before 2026.2 retired doubled-up; and a feedback time before the sending.
    async with h.db.transaction() as session:
        r = await referrals.get(session, "R-2026-0003")
        assert r is not None
        await referrals.save(session, dataclasses.replace(
            r, housing="doubled-up", dict_version="2026.1",
            acknowledged_at=r.created_at - timedelta(days=1),
        ))  # fmt: skip
    await h.say(LEGAL, "!capacity LEGAL-VLA/PO full")
    h.advance(timedelta(days=31))
    said = (await h.say(COORD, "!validate")).reply.splitlines()
    assert said[0] == "Data checks (dictionary 2026.2): 2 high priority, 1 error, 3 warnings"
    assert said[1:] == [
        "- [high priority] date-order: feedback before the referral was sent (1): R-2026-0003",
        "- [high priority] duplicate: likely duplicates: one case id, referred to LEGAL-VLA "
        "within 30 days (2): R-2026-0001, R-2026-0002",
        "- [error] missing-field: referrals without service start (completed) (1): R-2026-0001",
        "- [warning] retired-code: housing_status 'doubled-up' was retired in 2026.2 after "
        "these were coded (1): R-2026-0003",
        "- [warning] stale-directory: directory entries not verified within the agreed period "
        "(7): SHELTER-HH, HOSP-SW, LEGAL-VLA, PD-DVU, HOTLINE, COURT-ADV, CCR",
        "- [warning] stale-capacity: capacity words older than the agreed period (1): LEGAL-VLA/PO",
    ]


async def test_a_clean_coalition_and_refusals(h: CommandHarness) -> None:
    for agency, supervisor in (("SHELTER-HH", "@sokafor:localhost"),
                               ("HOSP-SW", "@pnatarajan:localhost"),
                               ("LEGAL-VLA", "@mchen:localhost"), ("PD-DVU", "@aromero:localhost"),
                               ("HOTLINE", "@kosei:localhost"), ("COURT-ADV", "@gmwangi:localhost"),
                               ("CCR", COORD)):  # fmt: skip
        assert "is verified" in (await h.say(supervisor, f"!directory verify {agency}")).reply
    await h.say(FRONT, f"{REFER} --case HH-2026-0042")
    assert (await h.say(COORD, "!validate")).reply == (
        "Data checks (dictionary 2026.2): no findings"
    )
    assert (await h.say(FRONT, "!validate")).reply == (
        "!validate needs the coordinator or admin role; you are frontline (SHELTER-HH)."
    )
