"""!capacity: an agency's own staff say it; everyone reads it; a referral to a full
program goes, with a note."""

from __future__ import annotations

from datetime import timedelta

from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH frontline
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA frontline


async def test_capacity_said_read_and_noted_on_a_referral(h: CommandHarness) -> None:
    assert (await h.say(LEGAL, "!capacity LEGAL-VLA/PO full until January")).reply == (
        "LEGAL-VLA/PO capacity: full: until January."
    )
    said = await h.say(LEGAL, "!capacity LEGAL-VLA/FAM waitlist 1-3m")
    assert said.reply == "LEGAL-VLA/FAM capacity: waitlist (1-3m)."
    h.advance(timedelta(hours=26))
    listing = (await h.say(FRONT, "!capacity")).reply.splitlines()
    assert listing[0] == "Capacity, as each agency last said"
    assert "LEGAL-VLA/PO: full: until January (1d2h ago)" in listing
    assert "LEGAL-VLA/FAM: waitlist (1-3m) (1d2h ago)" in listing
    assert "SHELTER-HH: no word" in listing

    flags = "--basis interview --urgency standard --pathway warm"
    said = await h.say(FRONT, f"!refer LEGAL-VLA/PO protective order advice {flags}")
    assert said.reply.endswith("Note: LEGAL-VLA/PO said full: until January 1d2h ago.")
    said = await h.say(FRONT, f"!refer HOSP-SW medical follow-up {flags}")
    assert "Note:" not in said.reply


async def test_capacity_refusals(h: CommandHarness) -> None:
    assert (await h.say(FRONT, "!capacity LEGAL-VLA full")).reply == (
        "Only LEGAL-VLA's staff say its capacity."
    )
    assert (await h.say(LEGAL, "!capacity LEGAL-VLA soon")).reply == (
        "Say open, full or waitlist <band> after the agency."
    )
    assert (await h.say(LEGAL, "!capacity LEGAL-VLA waitlist forever")).reply.startswith(
        "waitlist takes a band: under-1m, 1-3m, over-3m"
    )
    assert (await h.say(LEGAL, "!capacity LEGAL-VLA/XX open")).reply.startswith(
        "LEGAL-VLA has no program XX"
    )
    assert (await h.say(LEGAL, "!capacity LEGAL-VLA full call 312-555-0147")).reply.startswith(
        "note refused: it looks like a phone number"
    )
