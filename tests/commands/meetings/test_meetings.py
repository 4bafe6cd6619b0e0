"""Meetings in the in-process harness: a series, its agenda from live data, minutes in the
thread, approval, action-item reminders, the minutes-late ladder, the shared log, refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from commands import DEADLINES, SENT
from commands.deadlines import run_due
from protocols.outbox import OutgoingMessage
from tests.helpers.command_harness import ROOM, CommandHarness

COORD = "@ccr.coordinator:localhost"  # CCR coordinator: chair
FRONT = "@agrant:localhost"  # SHELTER-HH frontline (the first note-taker)
SHELTER_PRIMARY = "@sokafor:localhost"
LEGAL = "@tadeyemi:localhost"
HOSP = "@lbrandt:localhost"
SCHEDULE = (
    "!meeting schedule operational Partners' case coordination 2026-12-08 10:00 --every monthly"
)
KEY = "M-1.20261208"
AGENDA_AT = datetime(2026, 12, 6, 16, 0, tzinfo=UTC)  # two days before, 10:00 Chicago


async def due(h: CommandHarness, at: datetime) -> list[OutgoingMessage]:
    """Run the series' deadlines at `at`; the messages they wrote."""
    before = {m.txn_id for m in await h.outbox_rows()}
    await run_due(h.db, DEADLINES, "M-1", at)
    return [m for m in await h.outbox_rows() if m.txn_id not in before]


async def sent(h: CommandHarness, kind: str, key: str, event_id: str) -> None:
    async with h.db.transaction() as session:
        await SENT[kind](session, key, event_id, str(ROOM))


async def test_a_meeting_from_agenda_to_approved_minutes(h: CommandHarness) -> None:
    reply = (await h.say(COORD, SCHEDULE)).reply
    assert reply.startswith(
        "M-1 scheduled: Partners' case coordination (operational, monthly), first Tue 08 Dec "
        "2026 10:00 America/Chicago; 12 occurrence(s) planned. The agenda is posted 2d before "
        "each; note-taker: a rotation across the attending agencies."
    )
    await h.say(FRONT, "!topic add new firearms law")
    await h.say(FRONT, "!raise the ED never has our after-hours number")
    await h.say(FRONT, "!refer LEGAL-VLA counseling --basis interview --urgency standard "
                       "--pathway warm")  # fmt: skip
    assert await due(h, AGENDA_AT - timedelta(minutes=1)) == []
    agenda, told = await due(h, AGENDA_AT)
    body = agenda.content["body"]
    assert agenda.room_id == ROOM and agenda.ref == f"agenda:{KEY}"
    assert body.startswith("Agenda: Partners' case coordination (M-1, operational), Tue 08 Dec")
    assert "- Chair: Jordan Blake; note-taker: SHELTER-HH." in body
    assert "- Referral volumes: <5 sent; overdue feedback: R-2026-0001." in body
    assert "- Problems raised: P-1 the ED never has our after-hours number." in body
    assert "- Queued: new firearms law" in body
    assert "- Tue 12 Jan 2027 10:00 America/Chicago" in body
    assert (
        told.to_user == SHELTER_PRIMARY and "SHELTER-HH takes the minutes" in told.content["body"]
    )
    await sent(h, "agenda", KEY, "$agenda1")
    # The queue was taken up: the next agenda starts afresh.
    assert (await h.say(FRONT, "!topic")).reply == "No focus topics queued: !topic add <text>."

    h.now = datetime(2026, 12, 8, 16, 5, tzinfo=UTC)
    root = "$agenda1"
    assert (await h.say(LEGAL, "!minutes start", thread=root)).reply == (
        f"The minutes of {KEY} are led by SHELTER-HH or the chair."
    )
    assert (await h.say(FRONT, "!minutes start", thread=root)).reply.startswith(
        f"Minutes of {KEY} started"
    )
    for who, text in ((FRONT, "!here"), (LEGAL, "!here"),
                      (HOSP, "!regrets HOSP-SW a written update")):  # fmt: skip
        await h.say(who, text, thread=root)
    await h.say(LEGAL, "!info walk-in clinic moves to Thursdays", thread=root)
    assert (await h.say(COORD, "!agreed adopt the shared intake checklist", thread=root)).reply == (
        f"{KEY} D-1 agreed: adopt the shared intake checklist"
    )
    said = await h.say(
        FRONT, "!minutes action LEGAL-VLA 2026-12-15T09:00 draft the MOU", thread=root
    )
    assert said.reply.startswith(f"{KEY} A-1 for LEGAL-VLA, due Tue 15 Dec 09:00")
    said = await h.say(FRONT, "!minutes end", thread=root)
    assert said.reply == (
        f"Minutes of {KEY} circulated; approved after 3 business days without objection (❌ on "
        "them objects)."
    )
    (minutes,) = [m for m in said.messages if m.ref == f"minutes:{KEY}"]
    lines = minutes.content["body"].splitlines()
    assert "- Present: SHELTER-HH, LEGAL-VLA" in lines
    assert "- Regrets: HOSP-SW (sent: a written update)" in lines
    assert "- walk-in clinic moves to Thursdays" in lines
    assert "- D-1 adopt the shared intake checklist (CCR)" in lines
    assert minutes.content["m.relates_to"]["event_id"] == "$agenda1"
    await sent(h, "minutes", KEY, "$minutes1")
    await h.react(LEGAL, "$minutes1", "✅")

    # Approved after three business days (Wed 9, Thu 10, Fri 11; 17:00 Chicago: the chair's
    # agency, CCR, keeps no business hours).
    assert await due(h, datetime(2026, 12, 11, 22, 59, tzinfo=UTC)) == []
    (approved,) = await due(h, datetime(2026, 12, 11, 23, 0, tzinfo=UTC))
    assert approved.content["body"] == (
        f"The minutes of {KEY} are approved: confirmed by LEGAL-VLA, no objection."
    )
    # The action item is reminded a day before its due time, in the thread.
    (reminder,) = await due(h, datetime(2026, 12, 14, 15, 0, tzinfo=UTC))
    assert reminder.content["body"].startswith(f"Reminder: {KEY} A-1 for LEGAL-VLA, due ")
    assert reminder.content["m.relates_to"]["event_id"] == "$agenda1"
    # The next meeting's agenda reviews it: still open past its due time, so "not done".
    h.now = datetime(2027, 1, 10, 16, 0, tzinfo=UTC)
    later = await due(h, h.now)
    (second,) = [m for m in later if m.ref == "agenda:M-1.20270112"]
    # Meanwhile the item went past its grace: the agency's backup is mentioned.
    (escalated,) = [m for m in later if m.content["body"].startswith("Still open: ")]
    assert "Rosa Vance" in escalated.content["body"]
    assert (
        "- Not done: M-1.20261208 A-1 LEGAL-VLA: draft the MOU (due Tue 15 Dec 2026 09:00)"
        in second.content["body"]
    )
    assert "3. Standing items (since Tue 08 Dec 2026 10:00)" in second.content["body"]
    log = (await h.say(FRONT, "!log actions")).reply
    assert f"{KEY} A-1 LEGAL-VLA: draft the MOU; due" in log
    assert f"{KEY} D-1" in (await h.say(FRONT, "!log decisions")).reply


async def test_minutes_late_remind_the_note_taker_then_the_chair(h: CommandHarness) -> None:
    await h.say(COORD, SCHEDULE)
    await due(h, AGENDA_AT)
    minutes_due = datetime(2026, 12, 10, 16, 0, tzinfo=UTC)  # two days after the start
    assert await due(h, minutes_due - timedelta(minutes=1)) == []
    (note_taker,) = await due(h, minutes_due)
    assert note_taker.to_user == SHELTER_PRIMARY
    assert note_taker.content["body"] == (
        f"The minutes of Partners' case coordination ({KEY}) are not circulated yet."
    )
    (chair,) = await due(h, minutes_due + timedelta(days=1))
    assert chair.to_user == COORD and "SHELTER-HH was reminded" in chair.content["body"]
    assert await due(h, minutes_due + timedelta(days=2)) == []


async def test_an_objection_stops_approval(h: CommandHarness) -> None:
    await h.say(COORD, SCHEDULE)
    await due(h, AGENDA_AT)
    await sent(h, "agenda", KEY, "$agenda1")
    h.now = datetime(2026, 12, 8, 17, 0, tzinfo=UTC)
    await h.say(FRONT, "!minutes start", thread="$agenda1")
    await h.say(FRONT, "!minutes end", thread="$agenda1")
    await sent(h, "minutes", KEY, "$minutes1")
    said = await h.react(LEGAL, "$minutes1", "❌")
    (told,) = said.messages
    assert told.to_user == COORD and "LEGAL-VLA objects to the minutes" in told.content["body"]
    # No approval comes while it is objected to.
    assert [m for m in await due(h, datetime(2026, 12, 20, tzinfo=UTC))
            if "approved" in m.content["body"]] == []  # fmt: skip
    assert (await h.say(FRONT, "!minutes end", thread="$agenda1")).reply.startswith(
        f"Minutes of {KEY} circulated"
    )


async def test_series_list_skip_cancel_and_refusals(h: CommandHarness) -> None:
    assert (await h.say(FRONT, SCHEDULE)).reply == (
        "Meetings are scheduled by supervisors, leadership and coordinators."
    )
    bad = {
        "!meeting schedule weekly x 2026-12-08 10:00": "The meeting type is one of strategic|",
        "!meeting schedule operational no date here": "End the title with when it starts",
        "!meeting schedule operational x 2026-11-01 10:00": "The first meeting must be in",
        "!meeting schedule operational x 2026-12-08 10:00 --every hourly": "--every is weekly",
        "!meeting skip M-9 2026-12-08": "There is no scheduled meeting series M-9.",
        "!minutes start": "Say it in the meeting's thread",
    }
    for text, why in bad.items():
        assert (await h.say(COORD, text)).reply.startswith(why), text
    await h.say(COORD, SCHEDULE)
    assert (await h.say(FRONT, "!meeting list")).reply.splitlines()[1] == (
        "M-1 Partners' case coordination (operational): next Tue 08 Dec 10:00"
    )
    assert (await h.say(COORD, "!meeting skip M-1 2026-12-08")).reply == (
        "M-1 on 2026-12-08 is skipped: no agenda, no minutes."
    )
    assert await due(h, AGENDA_AT) == []
    assert "next Tue 12 Jan 10:00" in (await h.say(FRONT, "!meeting list")).reply
    assert (await h.say(COORD, "!meeting cancel M-1")).reply.startswith("M-1 Partners'")
    assert (await h.say(FRONT, "!meeting list")).reply == "No meeting series scheduled."


async def test_an_agenda_due_while_mact_was_down_says_it_is_late(h: CommandHarness) -> None:
    await h.say(COORD, SCHEDULE)
    (agenda, _) = await due(h, AGENDA_AT + timedelta(hours=3))
    assert (
        agenda.content["body"]
        .splitlines()[0]
        .endswith(
            "America/Chicago (late by 3h00m: MACT was not running, was delayed, or the homeserver "
            "was unreachable)"
        )
    )
