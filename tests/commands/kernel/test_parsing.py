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
from commands.kernel.grammar import (
    Due,
    EventRef,
    Sub,
    Trailing,
    parse,
    usage_of,
    usage_of_subs,
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


ACTION = (EventRef(), Word("owner"), Due(), Rest("text", optional=False))


def test_an_optional_leading_event_and_a_two_word_due_time() -> None:
    usage = "!action " + usage_of(ACTION)
    assert usage == "!action [CE-…] <owner> <due> <text…>"
    assert parse(ACTION, (), "CE-2026-0007 HOSP tomorrow 09:00 call back", usage) == {
        "event": "CE-2026-0007",
        "owner": "HOSP",
        "due": "tomorrow 09:00",
        "text": "call back",
    }
    assert parse(ACTION, (), "HOSP 30m call back", usage)["event"] is None
    with pytest.raises(UsageError, match=r"^Usage: !action \[CE-…\] <owner> <due> <text…>$"):
        parse(ACTION, (), "CE-2026-0007 HOSP 30m", usage)


def test_a_trailing_option_takes_the_rest_of_the_line_wherever_it_stands() -> None:
    args = (EventRef(), Rest("text", optional=False), Trailing("why", "rationale"))
    usage = "!decision " + usage_of(args)
    assert usage == "!decision [CE-…] <text…> [--why <rationale…>]"
    parsed = parse(args, (), "open the overflow room --why the shelter is full", usage)
    assert parsed == {"event": None, "text": "open the overflow room", "why": "the shelter is full"}
    with pytest.raises(UsageError):
        parse(args, (), "--why only a reason", usage)


def test_subcommands_each_with_their_arguments_and_the_command_alone() -> None:
    subs = (
        Sub("add", (Word("kind"), Rest("text", optional=False))),
        Sub("improve", (Word("agency"), Due(), Rest("text", optional=False), Option("type"))),
        Sub("close"),
        Sub(""),
    )
    lead = (EventRef(),)
    usage = "!aar " + usage_of_subs(lead, subs)
    assert usage == (
        "!aar [CE-…] add <kind> <text…> | improve <agency> <due> <text…> [--type VALUE] | close"
    )
    improve = parse(
        lead, subs, "CE-2026-0001 improve HOSP 2d update the list --type training", usage
    )
    assert improve["sub"] == "improve" and improve["event"] == "CE-2026-0001"
    assert (improve["agency"], improve["due"], improve["text"], improve["type"]) == (
        "HOSP", "2d", "update the list", "training",
    )  # fmt: skip
    assert parse(lead, subs, "", usage)["sub"] == ""
    assert parse(lead, subs, "close", usage)["sub"] == "close"
    for wrong in ("close now", "add", "whatever"):
        with pytest.raises(UsageError):
            parse(lead, subs, wrong, usage)
