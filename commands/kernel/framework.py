"""How a command is declared: `@command(...)` attaches a spec; `commands.ALL` registers them.

The grammar lives with the command: positional words, `--option value` pairs and a final
free-text remainder are declared and parsed before the handler runs; a mismatch answers with
the usage line.
"""

from __future__ import annotations

import html
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from protocols.config.schema import MactConfig, Member
from protocols.errors import UsageError
from protocols.ids import EventId, RoomId, UserId
from protocols.outbox import OutgoingMessage
from protocols.roles import Role

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True, slots=True)
class Word:
    """One whitespace-free positional argument."""

    name: str
    optional: bool = False


@dataclass(frozen=True, slots=True)
class Option:
    """`--name value`; may stand anywhere before the free-text remainder."""

    name: str
    metavar: str = "VALUE"


@dataclass(frozen=True, slots=True)
class Rest:
    """Everything left on the line, as typed."""

    name: str
    optional: bool = True


ArgSpec = Word | Option | Rest


@dataclass(frozen=True, slots=True)
class Reply:
    """What a command answers. `html` must already be escaped (build it with `esc`)."""

    text: str
    html: str | None = None
    mentions: tuple[UserId, ...] = ()
    # Send no reply of its own: the command's other output is the answer (the activation
    # notice right under an !activate, say). Refusals and errors always reply.
    silent: bool = False


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


@dataclass
class CommandContext:
    """Everything a handler may use. `session` is the command's one transaction."""

    config: MactConfig
    sender: UserId
    member: Member
    room_id: RoomId
    event_id: EventId
    thread_root: EventId | None
    # True in the bot's direct-message room with the sender (where pages are answered).
    is_direct: bool
    now: datetime
    session: AsyncSession
    prefix: str
    registry: CommandRegistry
    # Further messages the command sends (pages, thread notices); written to the outbox in
    # the same transaction as the command's own changes.
    outgoing: list[OutgoingMessage] = field(default_factory=list)
    # A crisis event id or similar the audit entry should carry (ids only, never content).
    audit_ref: str | None = None
    # Crisis events whose timers must be re-armed after commit.
    touched_events: set[str] = field(default_factory=set)
    services: Mapping[str, Any] = field(default_factory=dict)


Handler = Callable[[CommandContext, "ParsedArgs"], Awaitable[Reply]]


@dataclass(frozen=True, slots=True)
class CommandSpec:
    name: str
    handler: Handler
    roles: frozenset[Role]
    args: tuple[ArgSpec, ...]
    help: str
    aliases: tuple[str, ...] = ()
    # Agency contact points who are not on the roster may run it (to answer their pages).
    contacts_allowed: bool = False
    # The arguments as the usage line shows them, when the handler parses more than the
    # declared grammar (a leading event id, a trailing --why).
    usage_args: str | None = None

    def usage(self, prefix: str) -> str:
        if self.usage_args is not None:
            return f"{prefix}{self.name} {self.usage_args}"
        parts = [f"{prefix}{self.name}"]
        for a in self.args:
            if isinstance(a, Word):
                parts.append(f"[{a.name}]" if a.optional else f"<{a.name}>")
            elif isinstance(a, Option):
                parts.append(f"[--{a.name} {a.metavar}]")
            else:
                parts.append(f"[{a.name}…]" if a.optional else f"<{a.name}…>")
        return " ".join(parts)


def command(
    name: str,
    *,
    roles: frozenset[Role],
    help: str,
    args: tuple[ArgSpec, ...] = (),
    aliases: tuple[str, ...] = (),
    contacts_allowed: bool = False,
    usage_args: str | None = None,
) -> Callable[[Handler], Handler]:
    """Attach a `CommandSpec` to the handler (as `handler.spec`) and return it unchanged."""

    def wrap(fn: Handler) -> Handler:
        fn.spec = CommandSpec(  # type: ignore[attr-defined]
            name, fn, roles, args, help, aliases, contacts_allowed, usage_args
        )
        return fn

    return wrap


def spec_of(fn: Handler) -> CommandSpec:
    spec = getattr(fn, "spec", None)
    if not isinstance(spec, CommandSpec):
        raise TypeError(f"{fn!r} is not decorated with @command")
    return spec


class ParsedArgs(dict[str, str | None]):
    def req(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value


def parse_args(spec: CommandSpec, text: str, prefix: str) -> ParsedArgs:
    """Parse `text` (what follows the command name). Raises UsageError with the usage line."""
    usage = UsageError(f"Usage: {spec.usage(prefix)}")
    options = {a.name: a for a in spec.args if isinstance(a, Option)}
    positionals = [a for a in spec.args if not isinstance(a, Option)]
    out = ParsedArgs({a.name: None for a in spec.args})
    rest = text.strip()
    index = 0
    while rest:
        token, _, remainder = rest.partition(" ")
        if token.startswith("--") and len(token) > 2:
            name = token[2:]
            if name not in options:
                raise usage
            value, _, remainder = remainder.strip().partition(" ")
            if not value:
                raise usage
            out[name] = value
            rest = remainder.strip()
            continue
        if index >= len(positionals):
            raise usage
        target = positionals[index]
        if isinstance(target, Rest):
            # The remainder may still hold options before the free text ends; keep it raw.
            out[target.name] = rest
            rest = ""
        else:
            out[target.name] = token
            rest = remainder.strip()
        index += 1
    for a in positionals:
        if out[a.name] is None and not a.optional:
            raise usage
    return out


class CommandRegistry:
    def __init__(self, handlers: list[Handler]) -> None:
        self.specs: list[CommandSpec] = [spec_of(h) for h in handlers]
        self._by_name: dict[str, CommandSpec] = {}
        for spec in self.specs:
            for n in (spec.name, *spec.aliases):
                if n in self._by_name:
                    raise ValueError(f"command name '{n}' registered twice")
                self._by_name[n] = spec

    def get(self, name: str) -> CommandSpec | None:
        return self._by_name.get(name)

    @property
    def names(self) -> list[str]:
        return list(self._by_name)
