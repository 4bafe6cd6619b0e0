"""Meetings and cross-training on a real homeserver, with times shortened in the test's
configuration: an agenda posted with live figures (an overdue referral, a problem raised),
minutes taken in its thread and posted, an action item from them reminding its owner, the
minutes-late reminders (note-taker, then chair), a training RSVP by reaction and its
feedback, and the shared calendar as an .ics that the icalendar library reads."""

from __future__ import annotations

import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from icalendar import Calendar

from bot.config_loader import load_config
from bot.ics import calendar_file
from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.matrix_user import MatrixUser, Received
from tests.integration.paging_setup import Coalition, build, in_thread

TZ = "America/Chicago"


def short_times(raw: dict[str, Any]) -> None:
    raw["coalition"]["timezone"] = TZ
    raw.setdefault("referrals", {}).update({"urgent_within": "1s", "urgent_escalate_after": "1h"})
    raw["meetings"] = {"agenda_before": "1h", "minutes_within": "4s",
                       "minutes_escalate_after": "3s", "item_reminder_lead": "2s",
                       "item_overdue_grace": "1h"}  # fmt: skip
    raw["training"] = {"remind_before": "1h"}


def at(seconds: float) -> str:
    """A start time `seconds` from now on the coalition's clock, as the commands take it."""
    return (datetime.now(ZoneInfo(TZ)) + timedelta(seconds=seconds)).strftime("%Y-%m-%d %H:%M:%S")


async def say(c: Coalition, who: MatrixUser, body: str, root: str | None = None) -> str:
    cmd = await who.send(c.room_id, body, thread_root=root)
    return (await who.wait_reply(c.room_id, cmd, timeout=30)).body


async def test_a_meeting_and_a_training(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    c = await build(synapse, people, tmp_path, extra=short_times)
    for name in ("front", "coord", "legal"):
        c.users[name].auto_join = True
    try:
        ref = (await say(c, c.front, "!refer LEGAL counseling --basis interview --urgency "
                                     "urgent --pathway warm")).split(":")[0]  # fmt: skip
        await say(c, c.front, "!raise interpreters booked too late")
        await asyncio.sleep(1.5)  # the referral's feedback is overdue now
        said = await say(c, c.coord, f"!meeting schedule operational Partners sync {at(8)}")
        assert said.startswith("M-1 scheduled: Partners sync (operational, once)")
        agenda = await c.coord.wait_for(lambda r: r.body.startswith("Agenda: Partners sync"),
                                        timeout=30)  # fmt: skip
        assert agenda.event.decrypted
        assert f"- Referral volumes: <5 sent; overdue feedback: {ref}." in agenda.body, agenda.body
        assert "- Problems raised: P-1 interpreters booked too late." in agenda.body
        assert "note-taker: SHELTER." in agenda.body
        told = await c.s1.wait_for(lambda r: "SHELTER takes the minutes of Partners sync" in r.body,
                                   timeout=30)  # fmt: skip
        assert told.room_id != c.room_id

        await _minutes(c, agenda)
        await _late_minutes(c)
        await _training(c)

        loaded, problems = load_config(c.harness.config_path)
        assert loaded is not None, problems
        cal = Calendar.from_ical(await calendar_file(loaded, datetime.now(ZoneInfo(TZ))))
        summaries = {str(e["summary"]) for e in cal.walk("VEVENT")}
        assert {"Partners sync (operational meeting)", "Leads sync (operational meeting)",
                "Cross-training: Protective orders 101"} <= summaries  # fmt: skip
    finally:
        await c.harness.stop()


async def _minutes(c: Coalition, agenda: Received) -> None:
    root = agenda.event_id
    assert (await say(c, c.front, "!minutes start", root)).startswith("Minutes of M-1.")
    await say(c, c.front, "!here", root)
    await say(c, c.legal, "!here", root)
    said = await say(c, c.front, "!minutes action LEGAL 6s draft the MOU", root)
    assert said.startswith("M-1.") and "A-1 for LEGAL" in said
    # The owner (LEGAL's primary) is reminded before the due time, in the meeting's thread.
    reminder = await c.legal.wait_for(
        lambda r: in_thread(root)(r) and r.body.startswith("Reminder: M-1.") and "A-1" in r.body,
        timeout=30,
    )
    assert reminder.event.decrypted
    await say(c, c.coord, "!agreed adopt the shared intake checklist", root)
    said = await say(c, c.front, "!minutes end", root)
    assert said.startswith("Minutes of M-1.") and "circulated" in said
    minutes = await c.legal.wait_for(
        lambda r: in_thread(root)(r) and r.body.startswith("Minutes: Partners sync"), timeout=30
    )
    assert "- Present: SHELTER, LEGAL" in minutes.body
    assert "- D-1 adopt the shared intake checklist (SHELTER)" in minutes.body
    assert "- A-1 LEGAL, due" in minutes.body


async def _late_minutes(c: Coalition) -> None:
    said = await say(c, c.coord, f"!meeting schedule operational Leads sync {at(3)}")
    assert said.startswith("M-2 scheduled")
    late = await c.s1.wait_for(
        lambda r: r.body.startswith("The minutes of Leads sync (M-2.") and r.body.endswith(
            "are not circulated yet."), timeout=40,
    )  # fmt: skip
    chair = await c.coord.wait_for(
        lambda r: (
            r.body.startswith("The minutes of Leads sync") and "SHELTER was reminded" in r.body
        ),
        timeout=30,
    )
    assert chair.at - late.at > 2.0  # the chair a step later, not at once


async def _training(c: Coalition) -> None:
    said = await say(c, c.front, f"!training schedule {at(6)} --host LEGAL "
                                 "--format virtual --length 15m Protective orders 101")  # fmt: skip
    assert said.startswith("T-1 scheduled: Protective orders 101")
    announce = await c.legal.wait_for(lambda r: r.body.startswith("T-1: cross-training"),
                                      timeout=30)  # fmt: skip
    await c.legal.react(c.room_id, announce.event_id, "✅")
    await c.front.react(c.room_id, announce.event_id, "✅")
    listed = await _until(c, c.front, "!training list", lambda b: "going: SHELTER, LEGAL" in b)
    assert "T-1" in listed
    await asyncio.sleep(7.0)  # the session has begun
    said = await say(c, c.legal, "!training feedback T-1 5 will-apply yes court dates")
    assert said == "Thank you: T-1 rated 5/5; suggested: court dates."
    coverage = await say(c, c.front, "!training coverage")
    assert "SHELTER: trained with LEGAL;" in coverage


async def _until(c: Coalition, who: MatrixUser, body: str, ok: Any, tries: int = 20) -> str:
    """Ask again until the answer shows what a reaction recorded (reactions carry no reply)."""
    said = ""
    for _ in range(tries):
        said = await say(c, who, body)
        if ok(said):
            return said
        await asyncio.sleep(0.5)
    raise AssertionError(f"never: {said}")
