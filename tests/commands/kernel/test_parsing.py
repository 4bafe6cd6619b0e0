from __future__ import annotations

import pytest

from commands.kernel.framework import (
    CommandSpec,
    Option,
    ParsedArgs,
    Reply,
    Rest,
    Word,
    parse_args,
)
from commands.kernel.router import split_invocation, strip_reply_fallback
from protocols.errors import UsageError
from protocols.roles import ALL_ROLES


async def _noop(ctx: object, args: ParsedArgs) -> Reply:
    return Reply("")


SPEC = CommandSpec(
    "activate",
    _noop,
    ALL_ROLES,
    (Word("protocol"), Word("criterion"), Option("case", "REF"), Rest("note")),
    "Activate.",
)


def test_usage_line_is_generated_from_the_grammar() -> None:
    assert SPEC.usage("!") == "!activate <protocol> <criterion> [--case REF] [note…]"


def test_words_options_and_rest() -> None:
    args = parse_args(SPEC, "dv-high  HOMICIDE-RISK --case HH-1  lead needs shelter bed", "!")
    assert args == {
        "protocol": "dv-high",
        "criterion": "HOMICIDE-RISK",
        "case": "HH-1",
        "note": "lead needs shelter bed",
    }
    assert parse_args(SPEC, "p c", "!") == {
        "protocol": "p",
        "criterion": "c",
        "case": None,
        "note": None,
    }


@pytest.mark.parametrize("text", ["", "only-one", "p c --case", "p c --nope x"])
def test_mismatch_raises_usage(text: str) -> None:
    with pytest.raises(UsageError, match=r"^Usage: !activate <protocol>"):
        parse_args(SPEC, text, "!")


def test_extra_words_without_rest_are_refused() -> None:
    spec = CommandSpec("help", _noop, ALL_ROLES, (Word("command", optional=True),), "h")
    assert parse_args(spec, "", "!") == {"command": None}
    with pytest.raises(UsageError, match=r"^Usage: !help \[command\]$"):
        parse_args(spec, "a b", "!")


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("!ping", ("ping", "")),
        ("  !HELP   ping  ", ("help", "ping")),
        ("!status\nCE-2026-0001", ("status", "CE-2026-0001")),
        ("! ping", None),
        ("!", None),
        ("ping", None),
        ("> <@a:hs> earlier\n\n!ping", ("ping", "")),
    ],
)
def test_split_invocation(body: str, expected: tuple[str, str] | None) -> None:
    assert split_invocation(body, "!") == expected


def test_strip_reply_fallback_keeps_plain_bodies() -> None:
    assert strip_reply_fallback("!ping") == "!ping"
    assert strip_reply_fallback("> quoted\n> more\n\nreal") == "real"
