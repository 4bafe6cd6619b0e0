"""The huddle's work end to end on real Synapse: actions, reminders, check-ins, close,
summary, export and the after-action review, with windows of a few seconds."""

from __future__ import annotations

import asyncio
import json
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from bot.local_homeserver import LocalSynapse
from protocols.durations import format_duration
from storage.db import Database
from storage.repositories import crisis, items, timeline
from tests.conftest import People
from tests.helpers.matrix_user import MatrixUser, Received
from tests.integration.paging_setup import Coalition, activate_by, build, in_thread, is_page

HUDDLE = {
    "checkin": {"cadence": "1h", "reminder_lead": "2s", "overdue_grace": "3s"},
    "documentation": {"min_decisions": 1, "all_actions_resolved": True, "notes_from": "lead"},
    # The review is due the day of closing, at once: the window shortened for the test.
    "review_window_business_days": 0,
    "review": {"post_at": "00:00"},
    "outcomes": ["SHELTERED", "STOOD-DOWN"],
}


def mentions(r: Received) -> list[str]:
    return list((r.content.get("m.mentions") or {}).get("user_ids") or [])


async def say(c: Coalition, user: MatrixUser, root: str | None, body: str) -> str:
    cmd = await user.send(c.room_id, body, thread_root=root)
    return (await user.wait_reply(c.room_id, cmd)).body


async def ack_all(c: Coalition) -> None:
    for name in ("s1", "h1", "p1"):
        page = await getattr(c, name).wait_for(is_page, what=f"page to {name}")
        await getattr(c, name).react(page.room_id, page.event_id)
    await c.front.wait_for(lambda r: r.body.startswith("PD acknowledged"), what="PD ack")


async def test_the_whole_huddle_flow(synapse: LocalSynapse, people: People, tmp_path: Path) -> None:
    c = await build(
        synapse, people, tmp_path, {"SHELTER": "30s", "HOSP": "30s", "PD": "30s"}, protocol=HUDDLE
    )
    try:
        event_id, root = await activate_by(c, c.front, "!activate drill LETHALITY")
        await ack_all(c)
        thread = in_thread(root)

        cmd = await c.front.send(c.room_id, "!action SHELTER 6s hold a bed", thread_root=root)
        answer = await c.front.wait_reply(c.room_id, cmd)
        # The owner agency's on-call contact is mentioned at once.
        assert sorted(mentions(answer)) == sorted([c.uid("front"), c.uid("s1")])
        reply = answer.body
        assert re.fullmatch(
            rf"{event_id} A-1 for SHELTER, due \d\d:\d\d \(in [56]s\): hold a bed", reply
        ), reply
        reply = await say(c, c.coord, root, f"!action {c.uid('h1')} 1h forensic exam slot")
        assert reply.startswith(f"{event_id} A-2 for {c.shown('h1')} (HOSP), due ")
        # A check-in in a few seconds, before A-1 is due: it lists both open items.
        reply = await say(c, c.coord, root, "!checkin 3s")
        # It moves the check-in the cadence set at activation (an hour away).
        assert re.fullmatch(rf"{event_id}: Next check-in #1 .* set by {c.uid('coord')}\.", reply)

        prompt = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith("Check-in #1"), what="check-in prompt"
        )
        lines = prompt.body.split("\n")
        assert lines[0] == f"Check-in #1 for {event_id}: 2 open action item(s)."
        assert lines[1].startswith(f"SHELTER ({c.shown('s1')}): A-1 hold a bed, ")
        # A member owner is named once: '@h1 (HOSP)', not '@h1 (HOSP) (@h1)'.
        assert lines[2].startswith(f"{c.shown('h1')} (HOSP): A-2 forensic exam slot, ")
        assert sorted(mentions(prompt)) == sorted([c.uid("s1"), c.uid("h1")])

        reminder = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith("Reminder: A-1"), what="reminder"
        )
        assert mentions(reminder) == [c.uid("s1")]
        overdue = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith("Overdue: A-1"), what="overdue", timeout=20
        )
        assert mentions(overdue) == [c.uid("s1")]
        escalated = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith("Still open 3s after its due time: A-1"),
            what="backup",
            timeout=20,
        )
        assert sorted(mentions(escalated)) == sorted([c.uid("s1"), c.uid("s2")])
        assert f"Escalated to {c.shown('s2')}" in escalated.body

        actions = await say(c, c.front, root, "!actions")
        assert actions.startswith(
            f"{event_id}: 2 open action item(s) of 2, times in America/Chicago\nA-1 SHELTER: "
        )
        assert "overdue by" in actions.split("\n")[1]
        status = (await say(c, c.front, root, "!status")).split("\n")
        assert status[4].startswith("Action items: 2 open of 2; next due A-1 overdue by ")
        assert status[5] == "Check-in #1 is waiting for updates; record it with !checkin done"
        # The cadence goes on even before anyone records the check-in.
        assert status[6].startswith("Next check-in #2: ")
        assert await say(c, c.front, root, "!done A-1 bed 4") == (
            f"{event_id} A-1 done by {c.uid('front')}: hold a bed (bed 4)"
        )
        assert (await say(c, c.coord, root, "!checkin done")).startswith(
            f"{event_id}: Check-in #1 held, recorded by {c.uid('coord')}. Next check-in #2 "
        )
        refused = await say(c, c.front, root, "!close SHELTERED")
        assert refused == (
            f"{event_id} cannot close yet; missing:\n"
            "- a note or decision from SHELTER: !note <text> by its staff\n"
            "- at least 1 decision(s) recorded (0 so far): !decision <text> --why <rationale>\n"
            f"- A-2 ({c.shown('h1')} (HOSP): forensic exam slot) is open: !done A-2, "
            "!drop A-2 <reason> or !carry A-2 <owner>"
        )
        await say(c, c.front, root, "!decision Client goes to the shelter tonight --why bed free")
        assert (await say(c, c.front, root, "!close SHELTERED")) == (
            f"{event_id} cannot close yet; missing:\n"
            f"- A-2 ({c.shown('h1')} (HOSP): forensic exam slot) is open: !done A-2, "
            "!drop A-2 <reason> or !carry A-2 <owner>"
        )
        await say(c, c.coord, root, "!drop A-2 client declined the exam")
        closed = await say(c, c.front, root, "!close SHELTERED bed held overnight")
        assert closed.startswith(
            f"{event_id} closed by {c.uid('front')} (SHELTER): SHELTERED: bed held overnight. "
            "Paging and reminders stopped; the summary is posted. After-action review due "
        )

        status = (await say(c, c.front, None, f"!status {event_id}")).split("\n")
        assert " — closed — " in status[0]
        assert status[-1] == "Outcome: SHELTERED: bed held overnight"

        summary = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith(f"Summary of {event_id}"), what="summary"
        )
        top = await c.front.wait_for(
            lambda r: r.body.startswith(f"Summary of {event_id}") and not thread(r),
            what="top-level summary",
        )
        assert top.body == summary.body
        assert (top.content.get("m.relates_to") or {}) == {}

        db = Database(f"sqlite+aiosqlite:///{c.harness.db_path}")
        async with db.transaction() as session:
            steps, pages = await crisis.steps_and_pages(session, event_id)
            stored = await items.for_event(session, event_id)
            kinds = [e.kind.value for e in await timeline.for_event(session, event_id)]
        # The summary's acknowledgement times are the ones the rows hold.
        shown = {c.uid(n): c.shown(n) for n in c.users}
        for step in steps:
            first = next(p for p in pages if p.step_index == step.index)
            assert step.resolved_at is not None
            took = format_duration(step.resolved_at - first.issued_at)
            assert (
                f"- {step.agency}: paged on-call primary {shown[first.target]} at " in summary.body
            )
            assert f"acknowledged by {shown[step.acked_by or '']} in {took}" in summary.body
            assert step.resolved_at - first.issued_at < timedelta(seconds=15)
        body = summary.body
        assert "Outcome: SHELTERED: bed held overnight" in body
        assert "- D-1 " in body and "Client goes to the shelter tonight; why: bed free" in body
        assert "- A-1 SHELTER: hold a bed; due " in body and "done " in body
        assert "- A-2 " in body and "dropped " in body and ": client declined the exam" in body
        assert re.search(rf"- #1 due \d\d:\d\d:\d\d: held \d\d:\d\d:\d\d by {c.uid('coord')}", body)
        assert "- #2 due " in body and ": cancelled" in body
        assert re.search(r"State: closed .*; total duration \d+s", body)
        assert "<b>Summary of " in summary.content["formatted_body"]
        assert [(i.label, i.state.value) for i in stored] == [("A-1", "done"), ("A-2", "dropped")]
        assert kinds.count("reminder") == 3 and "closed" in kinds

        # The review template follows at once (window 0), with the summary's key timings.
        template = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith(f"After-action review for {event_id}"),
            what="review template",
        )
        assert "Key timings:" in template.body and "Total duration: " in template.body
        assert "- What worked well: !aar add worked <text>" in template.body
        assert mentions(template) == [c.uid("coord")]

        # Refusals, usage lines and permissions are tested in-process
        # (tests/commands/huddle/test_refusals.py); here, what crosses Matrix.
        assert await say(c, c.front, root, "!aar add worked shelter acked within seconds") == (
            f"Added to {event_id}'s review under What worked well."
        )
        improve = await say(
            c, c.coord, root, "!aar improve HOSP tomorrow 09:00 update on-call list --type training"
        )
        assert improve.startswith(
            f"{event_id} improvement I-1 HOSP (training): update on-call list; due "
        )
        listed = await say(c, c.legal, None, "!improvements")
        assert listed.startswith("1 open improvement item(s)\n")
        assert f"{event_id} I-1 HOSP (training): update on-call list; due " in listed
        assert (
            await say(c, c.legal, None, "!improvements PD") == "No open improvement items for PD."
        )
        assert await say(c, c.coord, root, "!aar close") == (
            f"The after-action review of {event_id} is closed; its record is posted."
        )
        record = await c.front.wait_for(
            lambda r: (
                thread(r) and r.body.startswith(f"After-action review of {event_id} (closed)")
            ),
            what="review record",
        )
        assert "What worked well:\n- shelter acked within seconds (SHELTER)" in record.body
        assert "Improvement items:\n- I-1 HOSP (training): update on-call list; due " in record.body
        assert "Barriers:\n- none" in record.body

        # The export has the same summary, whole, for the coordinators' records.
        out = tmp_path / "export.md"
        cli = [sys.executable, "-m", "bot.cli", "export", event_id, "--config"]
        cfg = str(c.harness.config_path)
        done = await asyncio.to_thread(
            subprocess.run, [*cli, cfg, "--format", "md", "--output", str(out)], capture_output=True
        )
        assert done.returncode == 0, done.stderr
        md = out.read_text()
        assert md.startswith(f"# Summary of {event_id}\n") and "## Timeline" in md
        assert oct(out.stat().st_mode & 0o777) == "0o600"
        js = await asyncio.to_thread(
            subprocess.run, [*cli, cfg, "--format", "json"], capture_output=True, text=True
        )
        data = json.loads(js.stdout)
        assert data["outcome"] == "SHELTERED" and data["state"] == "closed"
        assert [i["label"] for i in data["items"]] == ["A-1", "A-2", "I-1"]
        unknown = [sys.executable, "-m", "bot.cli", "export", "CE-2026-9999", "--config", cfg]
        missing = await asyncio.to_thread(subprocess.run, unknown, capture_output=True, text=True)
        assert missing.returncode == 1
        assert missing.stderr == "There is no crisis event CE-2026-9999.\n"
        await db.close()
    finally:
        await c.harness.stop()


async def test_restart_before_due_delivers_the_overdue_notice_exactly_once(
    synapse: LocalSynapse, people: People, tmp_path: Path
) -> None:
    protocol = {
        **HUDDLE,
        "checkin": {"cadence": "1h", "reminder_lead": "2s", "overdue_grace": "1h"},
    }
    c = await build(synapse, people, tmp_path, {"SHELTER": "1h"}, process=True, protocol=protocol)
    try:
        event_id, root = await activate_by(c, c.front, "!activate drill LETHALITY")
        thread = in_thread(root)
        reply = await say(c, c.front, root, "!action SHELTER 9s hold a bed")
        assert reply.startswith(f"{event_id} A-1 for SHELTER, due ")

        c.harness.kill_process()  # SIGKILL: nothing of the timer survives but the rows
        c.harness.start_process()
        overdue = await c.front.wait_for(
            lambda r: thread(r) and r.body.startswith("Overdue: A-1"), what="overdue", timeout=30
        )
        assert mentions(overdue) == [c.uid("s1")]

        # A second restart after it was sent must not send it again.
        assert c.harness.terminate_process() == 0
        c.harness.start_process()
        probe = await c.front.send(c.room_id, "!ping")
        await c.front.wait_reply(c.room_id, probe, timeout=30)
        await asyncio.sleep(1.0)
        sent = [r for r in c.front.received if thread(r) and r.body.startswith("Overdue: A-1")]
        assert [r.event_id for r in sent] == [overdue.event_id]
        db = Database(f"sqlite+aiosqlite:///{c.harness.db_path}")
        async with db.transaction() as session:
            entries = await timeline.for_event(session, event_id)
        await db.close()
        assert len([e for e in entries if e.text.startswith("Overdue: A-1")]) == 1
    finally:
        if c.harness.process is not None:
            assert c.harness.terminate_process() == 0
