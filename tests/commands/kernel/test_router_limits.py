"""Input bounds at the router, and what the audit keeps of what was typed."""

from __future__ import annotations

import sqlite3
from datetime import timedelta
from pathlib import Path

from bot.homeserver_health import HomeserverHealth
from tests.helpers.command_harness import START, CommandHarness

FRONTLINE = "@agrant:localhost"
ADMIN = "@mact.admin:localhost"


def _rows(h: CommandHarness, sql: str) -> list[tuple[object, ...]]:
    db = sqlite3.connect(h.db.url.split("///", 1)[1])
    try:
        return db.execute(sql).fetchall()
    finally:
        db.close()


async def test_a_command_over_the_length_limit_is_refused_before_it_is_read(
    h: CommandHarness,
) -> None:
    await h.say(FRONTLINE, "!activate high-risk LETHALITY-HIGH")
    said = await h.say(FRONTLINE, "!note CE-2026-0001 " + "x" * 5_000)
    assert said.reply == (
        "That message is 5,019 characters; MACT reads commands of at most 4,000. Shorten it, "
        "or split it over several commands."
    )
    # Nothing of it took effect: no timeline entry beyond the activation's.
    notes = _rows(h, "select count(*) from timeline where kind = 'note'")
    assert notes == [(0,)]
    assert _rows(h, "select command, outcome from audit_log order by id desc limit 1") == [
        ("note", "rejected")
    ]


async def test_the_limit_is_configurable(tmp_path: Path) -> None:
    from tests.helpers.command_harness import example_config

    def smaller(raw: dict[str, object]) -> None:
        raw["bot"]["max_command_length"] = 300  # type: ignore[index]

    h = CommandHarness(tmp_path, example_config(smaller))
    await h.open()
    try:
        assert (await h.say(FRONTLINE, "!ping " + "y" * 300)).reply.startswith(
            "That message is 306 characters; MACT reads commands of at most 300."
        )
        assert (await h.say(FRONTLINE, "!ping")).reply == "pong"
    finally:
        await h.close()


async def test_an_unknown_command_name_is_audited_as_unknown(h: CommandHarness) -> None:
    said = await h.say(FRONTLINE, "!ZqNameJaneDoe hello")
    assert said.reply.startswith("Unknown command")
    assert _rows(h, "select command, outcome from audit_log") == [("unknown", "unknown_command")]
    dump = "\n".join(str(r) for r in _rows(h, "select * from audit_log"))
    assert "jane" not in dump.lower()


async def test_status_says_how_long_the_homeserver_was_unreachable(h: CommandHarness) -> None:
    clock = [START]
    health = HomeserverHealth(lambda: clock[0])
    h.router.services = {**h.router.services, "health": health}
    assert (await h.say(FRONTLINE, "!status")).reply == "No active crisis events."
    health.failed("sync", ConnectionRefusedError())
    clock[0] = START + timedelta(minutes=2, seconds=5)
    h.now = clock[0]
    assert (await h.say(FRONTLINE, "!status")).reply.endswith(
        "Homeserver: unreachable for 2m05s (since 15:00:00 UTC); messages wait and deadlines "
        "run when it is back."
    )
    health.reachable()
    h.advance(timedelta(minutes=10))
    assert (await h.say(FRONTLINE, "!status")).reply == (
        "No active crisis events.\nHomeserver: last unreachable 15:00:00–15:02:05 UTC (2m05s)."
    )


async def test_outbox_lists_failed_messages_for_admins_only(h: CommandHarness) -> None:
    assert (await h.say(ADMIN, "!outbox")).reply.startswith("No failed messages")
    said = await h.say(FRONTLINE, "!outbox")
    assert said.reply == "!outbox needs the admin role; you are frontline (SHELTER-HH)."
