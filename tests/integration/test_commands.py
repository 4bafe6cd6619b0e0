"""The command framework end to end: roster, roles, grammar, escaping, threads, audit."""

from __future__ import annotations

import asyncio
import sqlite3
import time

from tests.conftest import People
from tests.integration.conftest import Coordination


async def ask(c: Coordination, user, body: str, thread_root: str | None = None):  # type: ignore[no-untyped-def]
    event_id = await user.send(c.room_id, body, thread_root=thread_root)
    return await user.wait_reply(c.room_id, event_id)


async def test_non_roster_member_is_refused(coordination: Coordination, people: People) -> None:
    c = coordination
    outsider = await people.new("outsider")
    await c.frontline.client.room_invite(c.room_id, outsider.user_id)
    await outsider.join(c.room_id)
    await outsider.wait_knows_devices_of(c.bot_id, c.room_id)
    reply = await ask(c, outsider, "!ping")
    assert reply.body == (
        "You are not on the MACT roster, so I cannot run !ping; "
        "ask your coalition admin to add you."
    )


async def test_frontline_gets_role_line_for_admin_command(coordination: Coordination) -> None:
    c = coordination
    reply = await ask(c, c.frontline, "!audit")
    assert reply.body == "!audit needs the admin role; you are frontline (HOTLINE)."


async def test_admin_reads_audit_without_message_bodies(coordination: Coordination) -> None:
    c = coordination
    await ask(c, c.frontline, "!ping")
    await ask(c, c.frontline, "!help <i>secret-words</i>")
    reply = await ask(c, c.admin, "!audit 5")
    lines = reply.body.splitlines()
    # The running !audit is recorded when it commits, so it lists the two before it.
    assert lines[0] == "Last 2 audit entries:"
    assert lines[1].endswith(f"{c.frontline.user_id} (HOTLINE/frontline) help → rejected")
    assert lines[2].endswith(f"{c.frontline.user_id} (HOTLINE/frontline) ping → ok")

    # Nothing the users typed is kept: not in the audit log, and sent replies are emptied.
    # A reply can reach the user a moment before the bot records its send and empties it.
    def dump() -> str:
        db = sqlite3.connect(c.harness.db_path)
        text = "\n".join(db.iterdump())
        db.close()
        return text

    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if "pong" not in dump():
            break
        await asyncio.sleep(0.1)
    assert "pong" not in dump()
    assert "secret-words" not in dump()


async def test_unknown_command_suggests_the_closest(coordination: Coordination) -> None:
    c = coordination
    reply = await ask(c, c.frontline, "!pnig")
    assert reply.body == "Unknown command !pnig. Did you mean !ping? Try !help."


async def test_bad_arguments_get_the_usage_line(coordination: Coordination) -> None:
    c = coordination
    assert (await ask(c, c.frontline, "!help ping extra")).body == "Usage: !help [command]"
    assert (await ask(c, c.admin, "!audit lots")).body == "Usage: !audit [count] (count is 1 to 50)"


async def test_html_in_arguments_is_escaped(coordination: Coordination) -> None:
    c = coordination
    reply = await ask(c, c.frontline, "!help <b>x</b>")
    assert reply.body == "No command called <b>x</b>. !help lists them all."
    html = reply.content["formatted_body"]
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "<b>" not in html
    unknown = await ask(c, c.frontline, '!<img src="x">')
    assert "<img" not in unknown.content["formatted_body"]
    assert "&lt;img" in unknown.content["formatted_body"]


async def test_help_lists_what_the_sender_may_run(coordination: Coordination) -> None:
    c = coordination
    frontline_help = (await ask(c, c.frontline, "!help")).body
    assert "!ping — Check that MACT is listening in this room." in frontline_help
    assert "!whoami" in frontline_help
    assert "!audit" not in frontline_help
    assert "!audit [count]" in (await ask(c, c.admin, "!help")).body
    detail = (await ask(c, c.frontline, "!help audit")).body
    assert detail.splitlines() == [
        "!audit [count]",
        "Show the latest audit-log entries: who ran which command, when, and the outcome.",
        "Who may run it: admin.",
    ]


async def test_whoami_and_thread_replies(coordination: Coordination) -> None:
    c = coordination
    root = await c.frontline.send(c.room_id, "thread root (not a command)")
    reply = await ask(c, c.frontline, "!whoami", thread_root=root)
    assert reply.body == (
        f"{c.frontline.user_id}: frontline at HOTLINE (Valley 24/7 Domestic Violence Hotline)"
    )
    rel = reply.content["m.relates_to"]
    assert rel["rel_type"] == "m.thread"
    assert rel["event_id"] == root
    assert rel["is_falling_back"] is False
    assert reply.content["m.mentions"] == {"user_ids": [c.frontline.user_id]}


async def test_notices_and_own_messages_are_ignored(coordination: Coordination) -> None:
    c = coordination
    notice = await c.frontline.client.room_send(
        c.room_id,
        "m.room.message",
        {"msgtype": "m.notice", "body": "!ping"},
        ignore_unverified_devices=True,
    )
    probe = await ask(c, c.frontline, "!ping")
    assert probe.body == "pong"
    assert c.frontline.replies_to(notice.event_id) == []
