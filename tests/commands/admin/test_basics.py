"""The command framework in-process: roster, roles, grammar, escaping, threads, help.

(On Synapse, tests/integration/test_commands.py keeps what crosses Matrix: sent replies
emptied from the database, notices and the bot's own messages ignored.)"""

from __future__ import annotations

from tests.helpers.command_harness import CommandHarness

FRONTLINE = "@rpatel:localhost"  # HOTLINE frontline
ADMIN = "@mact.admin:localhost"
OUTSIDER = "@outsider:localhost"


async def test_non_roster_member_is_refused(h: CommandHarness) -> None:
    assert (await h.say(OUTSIDER, "!ping")).reply == (
        "You are not on the MACT roster, so I cannot run !ping; ask your coalition admin to "
        "add you."
    )


async def test_frontline_gets_role_line_for_admin_command(h: CommandHarness) -> None:
    reply = (await h.say(FRONTLINE, "!audit")).reply
    assert reply == "!audit needs the admin role; you are frontline (HOTLINE)."


async def test_admin_reads_audit_of_ids_and_outcomes(h: CommandHarness) -> None:
    await h.say(FRONTLINE, "!ping")
    await h.say(FRONTLINE, "!help <i>secret-words</i>")
    lines = (await h.say(ADMIN, "!audit 5")).reply.splitlines()
    assert lines[0] == "Last 2 audit entries:"
    assert lines[1].endswith(f"{FRONTLINE} (HOTLINE/frontline) help → rejected")
    assert lines[2].endswith(f"{FRONTLINE} (HOTLINE/frontline) ping → ok")
    assert "secret-words" not in "\n".join(lines)


async def test_unknown_command_suggests_the_closest(h: CommandHarness) -> None:
    assert (await h.say(FRONTLINE, "!pnig")).reply == (
        "Unknown command !pnig. Did you mean !ping? Try !help."
    )


async def test_bad_arguments_get_the_usage_line(h: CommandHarness) -> None:
    assert (await h.say(FRONTLINE, "!help ping extra")).reply == "Usage: !help [command]"
    assert (await h.say(ADMIN, "!audit lots")).reply == "Usage: !audit [count] (count is 1 to 50)"
    assert (await h.say(FRONTLINE, "!note")).reply == "Usage: !note [CE-…] <text…>"


async def test_html_in_arguments_is_escaped(h: CommandHarness) -> None:
    said = await h.say(FRONTLINE, "!help <b>x</b>")
    assert said.reply == "No command called <b>x</b>. !help lists them all."
    html = said.replies[0].content["formatted_body"]
    assert "&lt;b&gt;x&lt;/b&gt;" in html and "<b>" not in html
    unknown = (await h.say(FRONTLINE, '!<img src="x">')).replies[0].content["formatted_body"]
    assert "<img" not in unknown and "&lt;img" in unknown


async def test_help_lists_what_the_sender_may_run(h: CommandHarness) -> None:
    frontline_help = (await h.say(FRONTLINE, "!help")).reply
    assert "!ping — Check that MACT is listening in this room." in frontline_help
    assert "!whoami" in frontline_help
    assert "!audit" not in frontline_help
    assert "!audit [count]" in (await h.say(ADMIN, "!help")).reply
    assert (await h.say(FRONTLINE, "!help audit")).reply.splitlines() == [
        "!audit [count]",
        "Show the latest audit-log entries: who ran which command, when, and the outcome.",
        "Who may run it: admin.",
    ]


async def test_whoami_answers_in_the_thread_it_was_asked_in(h: CommandHarness) -> None:
    said = await h.say(FRONTLINE, "!whoami", thread="$root")
    assert (
        said.reply == f"{FRONTLINE}: frontline at HOTLINE (Valley 24/7 Domestic Violence Hotline)"
    )
    content = said.replies[0].content
    assert content["m.relates_to"]["rel_type"] == "m.thread"
    assert content["m.relates_to"]["event_id"] == "$root"
    assert content["m.relates_to"]["is_falling_back"] is False
    assert content["m.mentions"] == {"user_ids": [FRONTLINE]}
