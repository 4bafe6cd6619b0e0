"""A coalition that types commands with another prefix reads that prefix everywhere."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tests.helpers.command_harness import CommandHarness, example_config

FRONTLINE = "@agrant:localhost"


def question_mark(raw: dict[str, Any]) -> None:
    raw["bot"]["command_prefix"] = "?"


async def test_pages_notices_help_and_answers_use_the_configured_prefix(tmp_path: Path) -> None:
    h = CommandHarness(tmp_path, example_config(question_mark))
    await h.open()
    try:
        said = await h.say(FRONTLINE, "?activate high-risk LETHALITY-HIGH")
        bodies = [str(m.content["body"]) for m in said.messages]
        page = next(b for b in bodies if b.startswith("MACT page for "))
        assert "reply ?ack here" in page and "reply ?unavailable" in page
        notice = next(b for b in bodies if b.startswith("🚨 "))
        assert "?status" in notice and "?close <outcome>" in notice
        helped = (await h.say(FRONTLINE, "?help carry")).reply
        assert helped.startswith("?carry [CE-…] <A-n> <owner>") and "?close" in helped
        state = (await h.say(FRONTLINE, "?checkin CE-2026-0001")).reply
        every = "\n".join([*bodies, helped, state])
        # A command typed with "!" (room ids such as !abc:server are not commands).
        assert not re.search(r"(?<![/\w])![a-z]+(?![\w:])", every), every
    finally:
        await h.close()
