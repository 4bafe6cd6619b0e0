"""Retention: records older and newer than each retention, purged by the rule, and exactly
the right ones survive."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

from protocols.retention import PURGED
from storage.repositories import outbox, retention
from tests.helpers.command_harness import START, CommandHarness

FRONT = "@agrant:localhost"  # SHELTER-HH frontline
COORD = "@ccr.coordinator:localhost"


def texts(h: CommandHarness, event_id: str) -> dict[str, list[str | None]]:
    with sqlite3.connect(h.db.engine.url.database or "") as conn:
        one = conn.execute(
            "select note, end_reason from crisis_events where id = ?", (event_id,)
        ).fetchone()
        return {
            "event": list(one),
            "timeline": [r[0] for r in conn.execute(
                "select text from timeline where event_id = ?", (event_id,))],
            "decisions": [v for r in conn.execute(
                "select text, rationale from decisions where event_id = ?", (event_id,))
                for v in r],
            "items": [r[0] for r in conn.execute(
                "select text from action_items where event_id = ?", (event_id,))],
        }  # fmt: skip


async def test_free_text_goes_after_its_retention_and_nothing_else(h: CommandHarness) -> None:
    settings = h.config.retention
    # CE-2026-0001: ended long ago. CE-2026-0002: still running. CE-2027-0001: ended lately.
    await h.say(FRONT, "!activate high-risk LETHALITY-HIGH needs a bed tonight")
    await h.say(FRONT, "!decision CE-2026-0001 hold the bed --why escort at ten")
    await h.say(FRONT, "!action CE-2026-0001 SHELTER-HH 1h confirm the bed")
    await h.say(FRONT, "!cancel CE-2026-0001 drill over")
    await h.say(FRONT, "!activate high-risk LETHALITY-HIGH second one")
    h.advance(settings.event_text_after - timedelta(days=2))
    await h.say(FRONT, "!activate high-risk LETHALITY-HIGH third one")
    await h.say(FRONT, "!cancel CE-2027-0001 false alarm")
    async with h.db.transaction() as session:
        sent = await outbox.unsent(session, limit=10_000)
        # Five sent on the first day, two just now (within the outbox's 7 days).
        for n, row in enumerate(sent[:7]):
            at = START if n < 5 else h.now
            await outbox.mark_sent(session, row.id, f"$sent{row.id}", at, "!r:localhost")
    h.advance(timedelta(days=3))  # CE-2026-0001 is now past 90 days; the others are not

    before = {e: texts(h, e) for e in ("CE-2026-0001", "CE-2026-0002", "CE-2027-0001")}
    async with h.db.transaction() as session:
        dry = await retention.purge(session, settings, h.now, dry_run=True)
    assert dry.events == ("CE-2026-0001",)
    assert dry.counts["event notes"] == 1 and dry.counts["decisions"] == 1
    assert dry.counts["action items"] == 1 and dry.counts["timeline entries"] >= 3
    assert dry.counts["outbox rows"] == 5
    assert {e: texts(h, e) for e in before} == before  # a dry run changes nothing

    async with h.db.transaction() as session:
        done = await retention.purge(session, settings, h.now, dry_run=False)
    assert done.counts == dry.counts
    old = texts(h, "CE-2026-0001")
    assert old["event"] == [PURGED, PURGED]
    assert set(old["timeline"]) == {PURGED} and set(old["items"]) == {PURGED}
    assert old["decisions"] == [PURGED, PURGED]
    for kept in ("CE-2026-0002", "CE-2027-0001"):
        assert texts(h, kept) == before[kept]
    # Codes, times and counts stay for the reports.
    with sqlite3.connect(h.db.engine.url.database or "") as conn:
        row = conn.execute(
            "select state, criterion, activated_at, ended_at from crisis_events where id = ?",
            ("CE-2026-0001",),
        ).fetchone()
        assert row[0] == "cancelled" and row[1] == "LETHALITY-HIGH" and row[2] and row[3]
        sent_left = conn.execute("select count(*) from outbox where sent_at is not null")
        assert sent_left.fetchone()[0] == 2
        # Handled-event ids from more than 30 days ago are gone; the recent ones stay.
        assert conn.execute("select count(*) from processed_events").fetchone()[0] == 2

    async with h.db.transaction() as session:
        again = await retention.purge(session, settings, h.now, dry_run=False)
    assert again.total == 0 and again.events == ()


async def test_an_ended_referrals_purpose_and_history_go_after_a_year(h: CommandHarness) -> None:
    legal = "@tadeyemi:localhost"
    flags = "--basis interview --urgency standard --pathway warm"
    await h.say(FRONT, f"!refer LEGAL-VLA protective order advice {flags}")
    await h.say(legal, "!referral R-2026-0001 declined --reason not-eligible outside our county")
    await h.say(FRONT, f"!refer LEGAL-VLA family law consult {flags}")  # still open
    h.advance(h.config.retention.referral_text_after + timedelta(days=1))
    async with h.db.transaction() as session:
        done = await retention.purge(session, h.config.retention, h.now, dry_run=False)
    assert done.counts["referral purposes"] == 1 and done.counts["referral history"] == 2
    assert done.counts["contact log entries"] == 2  # both referrals' entries are a year old
    with sqlite3.connect(h.db.engine.url.database or "") as conn:
        purposes = dict(conn.execute("select id, purpose from referrals"))
        assert purposes == {"R-2026-0001": PURGED, "R-2026-0002": "family law consult"}
        kept = conn.execute("select status, reason from referrals where id = 'R-2026-0001'")
        assert kept.fetchone() == ("declined", "not-eligible")  # codes stay for the reports
        history = [r[0] for r in conn.execute("select text from timeline where event_id = ?",
                                              ("R-2026-0001",))]  # fmt: skip
        assert set(history) == {PURGED}


async def test_meeting_and_training_text_goes_a_year_after(h: CommandHarness) -> None:
    from commands import DEADLINES, SENT
    from commands.deadlines import run_due
    from tests.helpers.command_harness import ROOM

    await h.say(COORD, "!meeting schedule operational Partners 2026-12-08 10:00")
    await h.say(FRONT, "!topic add firearms law changes")
    await run_due(h.db, DEADLINES, "M-1", START + timedelta(days=5))
    async with h.db.transaction() as session:
        await SENT["agenda"](session, "M-1.20261208", "$agenda", str(ROOM))
    for text in (
        "!minutes start",
        "!info clinic moves to Thursdays",
        "!agreed adopt the checklist",
    ):
        await h.say(FRONT if "minutes" in text else COORD, text, thread="$agenda")
    await h.say(FRONT, "!training schedule 2026-12-10 14:00 --host LEGAL-VLA --format joint "
                       "protective orders 101")  # fmt: skip
    h.advance(timedelta(days=10))
    await h.say(FRONT, "!training feedback T-1 4 court dates")
    # Not yet a year: nothing goes.
    async with h.db.transaction() as session:
        early = await retention.purge(session, h.config.retention, h.now, dry_run=False)
    assert early.counts["minutes notes"] == 0 and early.counts["training feedback"] == 0
    h.advance(h.config.retention.meeting_text_after + timedelta(days=1))
    async with h.db.transaction() as session:
        done = await retention.purge(session, h.config.retention, h.now, dry_run=False)
    assert done.counts["minutes notes"] == 1  # the information (here/regrets carry no text)
    assert done.counts["meeting decisions"] == 1
    assert (done.counts["focus topics"], done.counts["trainings"],
            done.counts["training feedback"]) == (1, 1, 1)  # fmt: skip
    with sqlite3.connect(h.db.engine.url.database or "") as conn:
        assert [
            r[0] for r in conn.execute("select text from minutes_entries where kind='info'")
        ] == [PURGED]
        assert [r[0] for r in conn.execute("select topic from trainings")] == [PURGED]
