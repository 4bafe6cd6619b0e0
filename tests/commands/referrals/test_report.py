"""!report referrals in the in-process harness: the table, the chart that follows it (as
data for the sender to draw and upload encrypted), suppression, and refusals."""

from __future__ import annotations

from datetime import timedelta

from protocols.outbox import ATTACHMENT
from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH frontline
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA frontline
SUPERVISOR = "@sokafor:localhost"  # SHELTER-HH supervisor
COORD = "@ccr.coordinator:localhost"
REFER = "!refer LEGAL-VLA counseling --basis interview --urgency standard --pathway direct"


async def _six_referrals(h: CommandHarness) -> None:
    for n in range(1, 7):
        await h.say(FRONT, REFER)
        h.advance(timedelta(hours=1))
        outcome = "declined --reason not-eligible" if n == 6 else "accepted"
        await h.say(LEGAL, f"!referral R-2026-{n:04d} {outcome}")


async def test_the_report_table_and_its_chart(h: CommandHarness) -> None:
    await _six_referrals(h)
    said = await h.say(COORD, "!report referrals 30d")
    (table, chart) = said.replies
    body = table.content["body"]
    assert body.startswith("Referral report, the last 30d to 2026-")
    assert "counts under 5 are shown as <5" in body
    lines = body.splitlines()
    assert any(line.split() == ["Referrals", "sent", "6"] for line in lines)
    assert any(line.split() == ["Median", "time", "to", "acknowledgement", "(of", "6)", "1h00m"]
               for line in lines)  # fmt: skip
    # Six to LEGAL-VLA from SHELTER-HH; five accepted and one declined (<5, and so is the 5).
    assert any(line.split() == ["accepted", "<5"] for line in lines)
    assert any(line.split() == ["SHELTER-HH", "6", "0"] for line in lines)
    assert "<table>" in table.content["formatted_body"]
    assert chart.content["msgtype"] == "m.image"
    assert chart.content["body"].startswith("referrals-the-last-30d-to-")
    spec = chart.content[ATTACHMENT]["spec"]
    assert chart.content[ATTACHMENT]["kind"] == "stacked-bars"
    assert spec["groups"] == ["accepted", "waitlisted", "declined", "awaiting", "cancelled"]
    assert sum(t or 0 for t in spec["totals"]) == 6
    # The chart is a reply to the command, like the table.
    assert chart.content["m.relates_to"] == table.content["m.relates_to"]


async def test_with_no_referrals_every_figure_says_so(h: CommandHarness) -> None:
    said = await h.say(SUPERVISOR, "!report referrals 2026-Q4")
    body = said.replies[0].content["body"]
    assert any(line.split() == ["Referrals", "sent", "0"] for line in body.splitlines())
    assert "suppressed" in body  # no times to show


async def test_refusals(h: CommandHarness) -> None:
    cases = {
        (FRONT, "!report referrals"): (
            "!report needs the supervisor, leadership, coordinator or admin role; "
            "you are frontline (SHELTER-HH)."
        ),
        (COORD, "!report"): "Usage: !report <referrals> [period]",
        (COORD, "!report pages"): "'pages' is not a report: referrals.",
        (COORD, "!report referrals lastmonth"): "'lastmonth' is not a period: say 30d, 12w",
        (COORD, "!report referrals 2030-01"): "2030-01 has not begun yet.",
    }
    for (who, text), expected in cases.items():
        said = await h.say(who, text)
        assert said.reply.startswith(expected), (text, said.reply)
