"""!oncall: who a page would reach now, business hours, holidays and after-hours applied."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"


async def test_who_a_page_would_reach_now(h: CommandHarness) -> None:
    # Tue 1 Dec 2026, 09:00 in Chicago: the legal aid office is open.
    assert (await h.say(FRONT, "!oncall LEGAL-VLA")).reply.splitlines() == [
        "Who a page would reach now",
        "LEGAL-VLA (open, Tue 09:00): on-call primary Tom Adeyemi; then Rosa Vance, "
        "@mchen:localhost",
    ]
    h.now = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)  # Tue 21:00 in Chicago
    assert (await h.say(FRONT, "!oncall legal-vla")).reply.splitlines()[1] == (
        "LEGAL-VLA (closed, Tue 21:00): after-hours contact Duty attorney; then Rosa Vance, "
        "@mchen:localhost"
    )
    h.now = datetime(2026, 12, 25, 16, 0, tzinfo=UTC)  # Christmas, 10:00 in Chicago
    every = (await h.say(FRONT, "!oncall")).reply.splitlines()
    assert every[0] == "Who a page would reach now" and len(every) == 1 + 7
    assert any(line.startswith("LEGAL-VLA (closed, Fri 10:00): after-hours") for line in every)
    assert any(
        line.startswith("SHELTER-HH (open, Fri 10:00): on-call primary Sam Okafor")
        for line in every
    )
    assert (await h.say(FRONT, "!oncall NOPE")).reply.startswith("There is no agency NOPE")
