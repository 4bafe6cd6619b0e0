"""Referrals in the in-process harness: !refer, the receiver's DM, status changes and who
may make them, the other side told, refusals, and the feedback ladder on an injected clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from commands import DEADLINES
from commands.deadlines import run_due
from tests.helpers.command_harness import CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH frontline: the referrer
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA frontline and its on-call primary
LEGAL_SUP = "@mchen:localhost"  # LEGAL-VLA's escalation
POLICE = "@jliu:localhost"  # PD-DVU: neither side
COORD = "@ccr.coordinator:localhost"
R = "R-2026-0001"
REFER = (
    "!refer LEGAL-VLA/PO protective order advice --basis interview --urgency standard "
    "--pathway warm --case HH-2026-0042"
)


async def test_a_referral_reaches_the_receiver_without_the_case_code(h: CommandHarness) -> None:
    said = await h.say(FRONT, REFER)
    assert said.reply == (
        f"{R}: referral to LEGAL-VLA/PO sent to its on-call primary (standard, warm); "
        "feedback due by Fri 04 Dec 17:30 America/Chicago. Preferred channel: MACT referral; "
        "intake calls back within 2 business days. Eligibility: Residents of the county; no "
        "income limit for protective orders."
    )
    (dm,) = [m for m in said.messages if m.to_user == LEGAL]
    body = dm.content["body"]
    assert body.splitlines()[:3] == [
        f"Referral {R} to LEGAL-VLA/PO from SHELTER-HH",
        "Referred by Aisha Grant (SHELTER-HH), Tue 01 Dec 09:00 America/Chicago.",
        "Program: Protective order assistance.",
    ]
    assert "Urgency: standard; pathway: warm; information basis: interview;" in body
    assert (
        '<a href="https://matrix.to/#/@agrant:localhost">Aisha Grant</a>'
        in (dm.content["formatted_body"])
    )
    assert "Purpose: protective order advice" in body and "HH-2026-0042" not in body
    assert "Feedback due by Fri 04 Dec 17:30 America/Chicago" in body


async def test_statuses_by_the_right_side_and_the_other_side_told(h: CommandHarness) -> None:
    await h.say(FRONT, REFER)
    said = await h.say(LEGAL, f"!referral {R} received")
    assert said.reply == f"{R} is now received."
    (told,) = [m for m in said.messages if m.to_user == FRONT]
    assert told.content["body"] == f"{R} received by LEGAL-VLA."
    assert (await h.say(FRONT, f"!referral {R} accepted")).reply == (
        f"Only the receiving agency sets {R} accepted; you may cancel it."
    )
    assert (await h.say(POLICE, f"!referral {R} accepted")).reply.endswith(
        f"{R} is between SHELTER-HH and LEGAL-VLA; you are with PD-DVU."
    )
    assert (await h.say(LEGAL, f"!referral {R} declined")).reply.startswith(
        f"Setting {R} declined needs --reason <code>: at-capacity, not-eligible"
    )
    said = await h.say(LEGAL, f"!referral {R} waitlisted --reason at-capacity two weeks out")
    assert said.reply == f"{R} is now waitlisted (at-capacity): two weeks out."
    await h.say(LEGAL, f"!referral {R} accepted")
    assert (await h.say(FRONT, f"!referral {R} cancelled")).reply == (
        f"{R} is accepted: it can no longer be cancelled."
    )
    await h.say(LEGAL, f"!referral {R} completed")
    assert (await h.say(LEGAL, f"!referral {R} received")).reply == (
        f"{R} is completed: it takes no further change."
    )
    history = (await h.say(FRONT, f"!referral {R}")).reply.splitlines()
    assert history[0].startswith(f"{R} from SHELTER-HH to LEGAL-VLA/PO: completed; standard")
    assert [line.split(": ", 1)[1] for line in history[1:]] == [
        "sent to LEGAL-VLA/PO (on-call primary)",
        "received",
        "waitlisted (at-capacity): two weeks out",
        "accepted",
        "completed",
    ]
    assert (await h.say(POLICE, f"!referral {R}")).reply == (
        f"{R} is between SHELTER-HH and LEGAL-VLA."
    )


async def test_refusals(h: CommandHarness) -> None:
    base = "--basis interview --urgency standard --pathway warm"
    cases = {
        f"!refer NOPE help {base}": "There is no agency NOPE (known: SHELTER-HH,",
        f"!refer SHELTER-HH help {base}": "A referral goes to another agency, not your own.",
        f"!refer LEGAL-VLA/XYZ help {base}": "LEGAL-VLA has no program XYZ (its programs: PO,",
        "!refer LEGAL-VLA help --urgency standard --pathway warm": "Say --basis ",
        f"!refer LEGAL-VLA help {base.replace('standard', 'soon')}": (
            "'soon' is not a --urgency code: standard, priority, urgent."
        ),
        f"!refer LEGAL-VLA her ex stalks her {base} --consent none": (
            "Without consent the purpose must be one of: emergency shelter;"
        ),
        f"!refer LEGAL-VLA call 312-555-0147 {base}": "purpose refused: it looks like a phone",
        "!refer LEGAL-VLA": "Usage: !refer ",
    }
    for command, start in cases.items():
        assert (await h.say(FRONT, command)).reply.startswith(start), command
    said = await h.say(FRONT, f"!refer LEGAL-VLA emergency shelter {base} --consent none")
    assert said.reply.startswith("R-2026-0001: referral to LEGAL-VLA sent")
    assert (await h.say("@mact.admin:localhost", f"!refer LEGAL-VLA x {base}")).reply.startswith(
        "!refer needs the "
    )
    assert (
        await h.say(FRONT, "!referral R-2026-0099")
    ).reply == "There is no referral R-2026-0099."


def chicago(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, day, hour + 6, minute, tzinfo=UTC)  # CST is UTC-6


async def test_the_feedback_ladder_on_business_days(h: CommandHarness) -> None:
    await h.say(FRONT, REFER)  # Tue 1 Dec 09:00 Chicago; due Fri 4 Dec 17:30

    async def told_at(at: datetime) -> list[str]:
        """Everyone told that the feedback is overdue, up to `at`."""
        await run_due(h.db, DEADLINES, R, at)
        return [
            str(m.to_user)
            for m in await h.outbox_rows()
            if m.txn_id.startswith(f"referral-{R}-overdue")
        ]

    assert await told_at(chicago(4, 17, 29)) == []
    assert await told_at(chicago(4, 17, 30)) == [LEGAL]
    assert await told_at(chicago(5, 12)) == [LEGAL]  # the weekend: nothing more
    assert await told_at(chicago(7, 17, 30)) == [LEGAL, LEGAL_SUP]
    assert sorted(await told_at(chicago(8, 17, 30))) == sorted([LEGAL, LEGAL_SUP, FRONT, COORD])
    _, wake = await run_due(h.db, DEADLINES, R, chicago(9, 9))
    assert wake is None


async def test_an_urgent_ladder_climbs_by_the_hour(h: CommandHarness) -> None:
    # Sent Tue 09:00 Chicago: due 13:00 (urgent_within 4h), then 14:00 and 15:00.
    await h.say(FRONT, REFER.replace("--urgency standard", "--urgency urgent"))
    told = []
    for at in (chicago(1, 12, 59), chicago(1, 13), chicago(1, 14), chicago(1, 15)):
        _, wake = await run_due(h.db, DEADLINES, R, at)
        told.append(sorted(str(m.to_user) for m in await h.outbox_rows()
                           if m.txn_id.startswith(f"referral-{R}-overdue")))  # fmt: skip
    everyone = sorted([LEGAL, LEGAL_SUP, FRONT, COORD])
    assert told == [[], [LEGAL], sorted([LEGAL, LEGAL_SUP]), everyone]
    assert wake is None


async def test_an_answered_referral_is_not_chased(h: CommandHarness) -> None:
    await h.say(FRONT, REFER)
    await h.say(LEGAL, f"!referral {R} received")
    ids, wake = await run_due(h.db, DEADLINES, R, chicago(9, 9))
    assert ids == [] and wake is None


async def test_the_referral_lists(h: CommandHarness) -> None:
    flags = "--basis interview --urgency standard --pathway warm"
    await h.say(FRONT, REFER)
    await h.say(FRONT, f"!refer HOSP-SW medical follow-up {flags}")
    await h.say("@lbrandt:localhost", "!referral R-2026-0002 received")
    open_now = (await h.say(FRONT, "!referrals")).reply.splitlines()
    assert open_now[0] == "2 referral(s) (open)"
    assert open_now[1].startswith("R-2026-0001 SHELTER-HH → LEGAL-VLA/PO: sent, standard, due ")
    assert "R-2026-0002 SHELTER-HH → HOSP-SW: received" in open_now[2]
    # LEGAL-VLA sees what waits on it; PD-DVU sees nothing of the others' referrals.
    assert (await h.say(LEGAL, "!referrals mine")).reply.splitlines()[0] == "1 referral(s) (mine)"
    assert (await h.say(POLICE, "!referrals")).reply == "No referrals (open)."
    # The coordinator sees every agency's; overdue ones are marked.
    h.advance(timedelta(days=4))
    overdue = (await h.say(COORD, "!referrals overdue")).reply.splitlines()
    assert overdue[0] == "1 referral(s) (overdue)" and overdue[1].endswith("(overdue)")
    assert (await h.say(COORD, "!referrals to HOSP-SW")).reply.splitlines()[0] == (
        "1 referral(s) (to HOSP-SW)"
    )
    assert (await h.say(COORD, "!referrals to")).reply.startswith("Say which agency: ")
    assert (await h.say(COORD, "!referrals soon")).reply.startswith("'soon' is not a filter")


async def test_the_service_episode_by_the_receiver(h: CommandHarness) -> None:
    await h.say(FRONT, REFER)  # Tue 1 Dec
    assert (await h.say(LEGAL, f"!referral {R} started today")).reply == (
        f"{R} is sent: service dates follow its acceptance."
    )
    await h.say(LEGAL, f"!referral {R} accepted")
    assert (await h.say(FRONT, f"!referral {R} started today")).reply == (
        f"Only LEGAL-VLA, the receiving agency, records {R}'s service."
    )
    said = await h.say(LEGAL, f"!referral {R} started today")
    assert said.reply == f"{R}: service started 2026-12-01."
    (told,) = [m for m in said.messages if m.to_user == FRONT]
    assert told.content["body"] == f"{R} service started 2026-12-01 at LEGAL-VLA."
    assert (await h.say(LEGAL, f"!referral {R} closed 2026-11-30")).reply == (
        "Service started on 2026-12-01: it cannot close before."
    )
    assert (await h.say(LEGAL, f"!referral {R} closed")).reply == (
        f"Say the date: !referral {R} closed YYYY-MM-DD (or today)."
    )
    h.advance(timedelta(days=9))
    assert (await h.say(LEGAL, f"!referral {R} closed yesterday")).reply == (
        f"{R}: service closed 2026-12-09."
    )
    head = (await h.say(FRONT, f"!referral {R}")).reply.splitlines()[0]
    assert "Service started 2026-12-01. Closed 2026-12-09." in head
