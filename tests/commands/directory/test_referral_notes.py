"""!directory AGENCY lists how the agency and each program take referrals."""

from __future__ import annotations

from tests.helpers.command_harness import CommandHarness


async def test_programs_show_their_channel_and_eligibility(h: CommandHarness) -> None:
    lines = (await h.say("@agrant:localhost", "!directory LEGAL-VLA")).reply.splitlines()
    assert [line.strip() for line in lines if "referrals to" in line] == [
        "referrals to LEGAL-VLA: channel: MACT referral; intake calls back within 2 business "
        "days; eligibility: Survivors of domestic violence living in the county",
        "referrals to LEGAL-VLA/PO (Protective order assistance): channel: MACT referral; "
        "intake calls back within 2 business days; eligibility: Residents of the county; no "
        "income limit for protective orders",
        "referrals to LEGAL-VLA/FAM (Family law representation): channel: MACT referral; "
        "conflict check before acceptance; eligibility: Household income under 200% of the "
        "federal poverty guideline",
    ]
    # A program without notes of its own, in an agency without any: listed bare.
    hosp = (await h.say("@agrant:localhost", "!directory HOSP-SW")).reply
    assert "referrals to HOSP-SW/ED-SW (Emergency department social work): channel: MACT" in hosp
    assert "referrals to HOSP-SW:" not in hosp
