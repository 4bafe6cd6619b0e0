"""Case ids by rule: !caseid mints one in the sender's agency's pattern; --case must have
that pattern as well as pass the privacy rules."""

from __future__ import annotations

import random
import re

import pytest

from protocols.data.caseids import check_case_id, matches, mint
from protocols.errors import UserError
from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH: HH-####-####
HOSP = "@lbrandt:localhost"  # HOSP-SW: SB-AAA-####
COORD = "@ccr.coordinator:localhost"  # CCR: no pattern


def test_patterns_and_minting() -> None:
    rng = random.Random(7)
    ids = {mint("SB-AAA-####", rng.choice) for _ in range(200)}
    assert len(ids) == 200
    assert all(re.fullmatch(r"SB-[A-HJ-NP-Z]{3}-\d{4}", i) for i in ids)
    assert matches("HH-####-####", "hh-2026-0042")
    assert not matches("HH-####-####", "HH-2026-042")
    assert check_case_id("HH-####-####", "SHELTER-HH", " hh-2026-0042 ") == "HH-2026-0042"
    with pytest.raises(UserError, match=r"^SHELTER-HH's case ids read HH-####-####"):
        check_case_id("HH-####-####", "SHELTER-HH", "X-1")


def test_a_pattern_needs_enough_random_slots() -> None:
    from pydantic import TypeAdapter, ValidationError

    from protocols.data.caseids import CaseIdPattern

    with pytest.raises(ValidationError, match="at least 6 '#' or 'A' slots"):
        TypeAdapter(CaseIdPattern).validate_python("HH-###")
    with pytest.raises(ValidationError, match="upper-case letters, digits"):
        TypeAdapter(CaseIdPattern).validate_python("hh-######")


async def test_caseid_mints_in_the_senders_pattern(h: CommandHarness) -> None:
    said = (await h.say(FRONT, "!caseid")).reply
    assert re.fullmatch(r"New case id for SHELTER-HH: HH-\d{4}-\d{4}", said)
    said = (await h.say(HOSP, "!caseid")).reply
    assert re.fullmatch(r"New case id for HOSP-SW: SB-[A-Z]{3}-\d{4}", said)
    assert (await h.say(COORD, "!caseid")).reply == (
        "CCR has no case id pattern: an admin sets case_id_pattern for the agency in the "
        "configuration."
    )


async def test_case_options_check_the_pattern(h: CommandHarness) -> None:
    refer = "!refer LEGAL-VLA counseling --basis interview --urgency standard --pathway warm"
    assert (await h.say(FRONT, f"{refer} --case SB-ABC-1234")).reply == (
        "SHELTER-HH's case ids read HH-####-#### ('#' a digit, 'A' a letter); mint one with "
        "!caseid."
    )
    assert (await h.say(FRONT, f"{refer} --case hh-2026-0042")).reply.startswith("R-2026-0001")
    # The privacy rules come first, and never echo what they refused.
    said = (await h.say(FRONT, f"{refer} --case 555-123-4567")).reply
    assert said.startswith("case reference refused: it looks like a phone number")
