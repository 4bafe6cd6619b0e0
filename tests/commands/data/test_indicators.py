"""!indicators: the dictionary's shared indicators counted from seeded records, exact,
with small counts suppressed; refusals."""

from __future__ import annotations

from datetime import timedelta

from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA
SUPERVISOR = "@sokafor:localhost"
REFER = "!refer LEGAL-VLA counseling --basis interview --urgency standard --pathway warm"


async def test_indicators_from_seeded_records(h: CommandHarness) -> None:
    for _ in range(6):
        await h.say(FRONT, "!log LEGAL-VLA case-conference joint safety planning")
    for n in range(1, 8):
        await h.say(FRONT, REFER)
        outcome = "declined --reason not-eligible" if n == 7 else "accepted"
        await h.say(LEGAL, f"!referral R-2026-{n:04d} {outcome}")
    for n in range(1, 6):
        await h.say(FRONT, "!ask LEGAL-VLA routine walk-in hours")
        await h.say(LEGAL, f"!answer Q-{n} mornings")
    h.advance(timedelta(hours=1))
    lines = (await h.say(SUPERVISOR, "!indicators 30d")).reply.splitlines()
    assert lines[0] == (
        "Shared indicators, the last 30d to 2026-12-01 (data dictionary 2026.2; counts under 5 "
        "shown as <5)"
    )
    table = {" ".join(line.split()[:-2]): line.split()[-2] for line in lines[2:]}
    # 6 logged + 7 referrals + 5 requests + 5 answers logged by MACT.
    assert table == {
        "Coordination contacts": "23",
        "Inter-agency case conferences held": "6",
        "Referrals sent": "7",
        "Referrals accepted": "6",
        "Referrals declined": "<5",
        "Referral feedback on time": "7",
        "Coordination requests answered": "5",
    }


async def test_refusals(h: CommandHarness) -> None:
    assert (await h.say(FRONT, "!indicators")).reply == (
        "!indicators needs the supervisor, leadership, coordinator or admin role; you are "
        "frontline (SHELTER-HH)."
    )
    assert (await h.say(SUPERVISOR, "!indicators soon")).reply.startswith(
        "'soon' is not a period: say 30d, 12w"
    )
