"""Cross-training in the in-process harness: scheduling, RSVP by reaction, the reminder,
the call for feedback, feedback, topics, coverage, refusals; and the shared calendar as an
.ics file the icalendar library reads back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from icalendar import Calendar

from bot.ics import to_ics
from commands import DEADLINES, SENT
from commands.deadlines import run_due
from commands.training.calendar_items import calendar_items
from protocols.outbox import OutgoingMessage
from tests.helpers.command_harness import ROOM, CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH
LEGAL = "@tadeyemi:localhost"  # LEGAL-VLA
HOSP = "@lbrandt:localhost"  # HOSP-SW
PD = "@jliu:localhost"  # PD-DVU
COORD = "@ccr.coordinator:localhost"
SCHEDULE = (
    "!training schedule 2026-12-10 14:00 --host LEGAL-VLA --format joint protective orders 101"
)
START = datetime(2026, 12, 10, 20, 0, tzinfo=UTC)  # 14:00 Chicago


async def due(h: CommandHarness, at: datetime) -> list[OutgoingMessage]:
    before = {m.txn_id for m in await h.outbox_rows()}
    await run_due(h.db, DEADLINES, "T-1", at)
    return [m for m in await h.outbox_rows() if m.txn_id not in before]


async def test_a_training_from_announcement_to_feedback(h: CommandHarness) -> None:
    said = await h.say(FRONT, SCHEDULE)
    assert said.reply == (
        "T-1 scheduled: protective orders 101, Thu 10 Dec 2026 14:00–16:00 America/Chicago; "
        "announced for RSVPs."
    )
    (announce,) = [m for m in said.messages if m.ref == "training:1"]
    assert announce.room_id == ROOM
    assert (
        "RSVP for your agency on this message: ✅ going, ❌ not, ❔ maybe."
        in (announce.content["body"])
    )
    async with h.db.transaction() as session:
        await SENT["training"](session, "1", "$t1", str(ROOM))
    await h.react(HOSP, "$t1", "✅")
    await h.react(PD, "$t1", "❔")
    await h.react(FRONT, "$t1", "❌")
    await h.react(FRONT, "$t1", "✅")  # changed its mind: the latest answer counts
    assert "going: SHELTER-HH, HOSP-SW" in (await h.say(LEGAL, "!training list")).reply
    (reminder,) = await due(h, START - timedelta(days=1))
    assert reminder.content["body"] == (
        "Reminder: T-1 protective orders 101, hosted by LEGAL-VLA, Thu 10 Dec 14:00. Going or "
        "maybe: SHELTER-HH, HOSP-SW, PD-DVU; no answer yet: LEGAL-VLA, HOTLINE, COURT-ADV, CCR."
    )
    assert await due(h, START) == []
    (ask,) = await due(h, START + timedelta(hours=2))
    assert ask.content["body"].startswith("T-1 (protective orders 101) has ended. How was it?")
    assert await due(h, START + timedelta(days=3)) == []

    h.now = START + timedelta(hours=3)
    said = await h.say(HOSP, "!training feedback T-1 5 will-apply yes interpreter booking")
    assert said.reply == "Thank you: T-1 rated 5/5; suggested: interpreter booking."
    await h.say(FRONT, "!training feedback T-1 4 Interpreter  booking")
    await h.say(PD, "!training feedback T-1 3 will-apply no court dates")
    assert (await h.say(FRONT, "!training topics")).reply.splitlines()[1:] == [
        "interpreter booking (2×)",
        "court dates (1×)",
    ]
    coverage = (await h.say(FRONT, "!training coverage")).reply.splitlines()
    assert coverage[1] == (
        "SHELTER-HH: trained with HOSP-SW, LEGAL-VLA, PD-DVU; not yet with HOTLINE, COURT-ADV, CCR"
    )
    assert "HOTLINE: trained with none; not yet with SHELTER-HH, HOSP-SW" in coverage[5]


async def test_refusals(h: CommandHarness) -> None:
    cases = {
        "!training schedule 2026-12-10 14:00 --format joint x": "Say --host <SHELTER-HH|",
        "!training schedule 2026-12-10 14:00 --host LEGAL-VLA x": "Say --format orientation|",
        "!training schedule 2026-11-10 14:00 --host LEGAL-VLA --format joint x": (
            "A training is scheduled in the future."),
        "!training schedule 2026-12-10 14:00 --host LEGAL-VLA --format joint --length 9d x": (
            "--length is 15m to 1d."),
        "!training feedback T-9 5": "There is no training T-9.",
    }  # fmt: skip
    for text, why in cases.items():
        assert (await h.say(FRONT, text)).reply.startswith(why), text
    await h.say(FRONT, SCHEDULE)
    assert (await h.say(FRONT, "!training feedback T-1 5")).reply == (
        "T-1 has not taken place yet: feedback comes after it."
    )
    h.now = START + timedelta(hours=3)
    assert (await h.say(FRONT, "!training feedback T-1 9")).reply.startswith("The rating is")


async def test_the_shared_calendar_as_ics(h: CommandHarness) -> None:
    await h.say(FRONT, SCHEDULE)
    await h.say(COORD, "!meeting schedule strategic Coalition leads 2027-01-19 10:00 "
                       "--every quarterly")  # fmt: skip
    async with h.db.transaction() as session:
        items = await calendar_items(session)
    data = to_ics(items, "Test coalition", h.now)
    cal = Calendar.from_ical(data)
    events = [c for c in cal.walk("VEVENT")]
    summaries = [str(e["summary"]) for e in events]
    assert summaries[0] == "Cross-training: protective orders 101"
    assert summaries.count("Coalition leads (strategic meeting)") == 4  # a year, quarterly
    assert all("location" not in e for e in events)
    assert {str(e["uid"]) for e in events} >= {"T-1@mact", "M-1.20270119@mact"}
    first = events[0]
    assert first.decoded("dtstart") == START
