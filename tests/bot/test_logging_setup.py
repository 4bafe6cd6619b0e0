from __future__ import annotations

import logging
import sys

from bot.logging_setup import ContentFreeFormatter


def test_a_logged_exception_keeps_its_type_and_lines_but_not_its_message() -> None:
    typed = "Jane Doe 555-0100"
    try:
        int(typed)
    except ValueError:
        info = sys.exc_info()
    record = logging.LogRecord(
        "commands.router", logging.ERROR, __file__, 1, "command failed: ref=%s", ("7f3a",), info
    )
    text = ContentFreeFormatter("%(message)s").format(record)
    assert "command failed: ref=7f3a" in text
    assert "ValueError" in text
    assert "int(typed)" in text  # the source line: code, never input
    assert typed not in text
