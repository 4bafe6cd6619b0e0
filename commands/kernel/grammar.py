"""A command's arguments, declared with it and parsed before its handler runs.

The parts: an optional leading event reference (`CE-…`), words, a due time (one word, or
`tomorrow 09:00`), `--name value` options, `--name <text…>` options whose value runs to the
end of the line, a free-text remainder, and subcommands (`!aar add …`). Options may stand
anywhere, also after the free text. A mismatch raises UsageError with the usage line, which
is generated from the same declaration, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from protocols.errors import UsageError
from protocols.paging.crisis import EVENT_ID


@dataclass(frozen=True, slots=True)
class EventRef:
    """An optional leading `CE-YYYY-NNNN`; without it, the huddle thread names the event."""

    name: str = "event"


@dataclass(frozen=True, slots=True)
class Word:
    """One whitespace-free positional argument."""

    name: str
    optional: bool = False
    shown: str | None = None


@dataclass(frozen=True, slots=True)
class Due:
    """A due time: `30m`, `15:30`, an ISO time, or the two words `tomorrow 09:00`."""

    name: str = "due"
    optional: bool = False
    shown: str | None = None


@dataclass(frozen=True, slots=True)
class Option:
    """`--name value`, anywhere on the line."""

    name: str
    metavar: str = "VALUE"


@dataclass(frozen=True, slots=True)
class Trailing:
    """`--name <text…>`: everything after it (to the next declared option) is its value."""

    name: str
    metavar: str


@dataclass(frozen=True, slots=True)
class Rest:
    """Everything left on the line, as typed."""

    name: str
    optional: bool = True
    # How the usage line shows it, if not as '<name…>' (the text may hold several parts).
    shown: str | None = None


ArgSpec = EventRef | Word | Due | Option | Trailing | Rest


@dataclass(frozen=True, slots=True)
class Sub:
    """A subcommand: its word (or "" for the command alone) and its own arguments."""

    name: str
    args: tuple[ArgSpec, ...] = ()


class ParsedArgs(dict[str, str | None]):
    def req(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value


def usage_of(args: tuple[ArgSpec, ...]) -> str:
    parts: list[str] = []
    for a in args:
        if isinstance(a, EventRef):
            parts.append("[CE-…]")
        elif isinstance(a, Word | Due):
            shown = a.shown or a.name
            parts.append(f"[{shown}]" if a.optional else f"<{shown}>")
        elif isinstance(a, Option):
            parts.append(f"[--{a.name} {a.metavar}]")
        elif isinstance(a, Trailing):
            parts.append(f"[--{a.name} <{a.metavar}…>]")
        else:
            shown = a.shown or f"{a.name}…"
            parts.append(f"[{shown}]" if a.optional else f"<{shown}>")
    return " ".join(parts)


def usage_of_subs(lead: tuple[ArgSpec, ...], subs: tuple[Sub, ...]) -> str:
    head = usage_of(lead)
    forms = [" ".join(p for p in (s.name, usage_of(s.args)) if p) for s in subs]
    return " ".join(p for p in (head, " | ".join(f for f in forms if f)) if p)


def parse(args: tuple[ArgSpec, ...], subs: tuple[Sub, ...], text: str, usage: str) -> ParsedArgs:
    """Parse `text` (what follows the command name). Raises UsageError(usage)."""
    error = UsageError(f"Usage: {usage}")
    every = (*args, *(a for s in subs for a in s.args))
    out = ParsedArgs({a.name: None for a in every})
    rest = _take_options(text.strip(), every, out, error)
    if not subs:
        return _positionals(args, rest, out, error)
    rest = _positionals(args, rest, out, error, partial=True).pop("\0rest", "") or ""
    word, _, after = rest.partition(" ")
    chosen = next((s for s in subs if s.name and s.name == word.lower()), None)
    if chosen is None:
        chosen = next((s for s in subs if not s.name), None)
        if chosen is None:
            raise error
        after = rest
    out["sub"] = chosen.name
    return _positionals(chosen.args, after.strip(), out, error)


def _take_options(text: str, every: tuple[ArgSpec, ...], out: ParsedArgs, error: UsageError) -> str:
    """Pull declared options out of `text` wherever they stand; returns what is left."""
    named = {a.name: a for a in every if isinstance(a, Option | Trailing)}
    if not named:
        return text
    flag = re.compile(r"(?:^|(?<=\s))--(" + "|".join(map(re.escape, named)) + r")(?=\s|$)")
    while match := flag.search(text):
        spec = named[match.group(1)]
        before, after = text[: match.start()], text[match.end() :].strip()
        if isinstance(spec, Option):
            value, _, after = after.partition(" ")
        else:
            following = flag.search(after)
            cut = following.start() if following else len(after)
            value, after = after[:cut], after[cut:]
        if not value.strip():
            raise error
        out[spec.name] = value.strip()
        text = f"{before.rstrip()} {after.strip()}".strip()
    return text


def _positionals(
    args: tuple[ArgSpec, ...],
    text: str,
    out: ParsedArgs,
    error: UsageError,
    *,
    partial: bool = False,
) -> ParsedArgs:
    rest = text
    for a in args:
        if isinstance(a, Option | Trailing):
            continue
        word, _, after = rest.partition(" ")
        if isinstance(a, EventRef):
            if word and EVENT_ID.match(word):
                out[a.name], rest = word, after.strip()
        elif isinstance(a, Rest):
            if rest.startswith("--") or (not rest and not a.optional):
                raise error  # missing, or an option nobody declared where the text starts
            out[a.name] = rest or None
            rest = ""
        elif not word:
            if not a.optional:
                raise error
        elif word.startswith("--"):
            raise error
        elif isinstance(a, Due) and word.lower() == "tomorrow":
            clock, _, after = after.strip().partition(" ")
            out[a.name], rest = f"{word} {clock}".strip(), after.strip()
        else:
            out[a.name], rest = word, after.strip()
    if partial:
        out["\0rest"] = rest
        return out
    if rest:
        raise error
    return out
