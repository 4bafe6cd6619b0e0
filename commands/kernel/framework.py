"""How a command is declared: `@command(...)` attaches a spec; `commands.ALL` registers them.

The grammar lives with the command (see `grammar.py`): declared, parsed before the handler
runs, and the source of the usage line.
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from commands.kernel.grammar import (
    ArgSpec,
    Due,
    EventRef,
    Option,
    ParsedArgs,
    Rest,
    Sub,
    Trailing,
    Word,
    parse,
    usage_of,
    usage_of_subs,
)
from protocols.config.schema import MactConfig, Member
from protocols.ids import EventId, RoomId, UserId
from protocols.outbox import OutgoingMessage
from protocols.roles import Role

# The grammar's parts, for command modules to declare their arguments with.
__all__ = [
    "ArgSpec",
    "CommandContext",
    "CommandRegistry",
    "CommandSpec",
    "Due",
    "EventRef",
    "Option",
    "ParsedArgs",
    "Reply",
    "Rest",
    "Sub",
    "Trailing",
    "Word",
    "command",
    "esc",
    "parse_args",
    "spec_of",
]

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession


@dataclass(frozen=True, slots=True)
class Reply:
    """What a command answers. Build it with `commands.kernel.render.doc`, which renders the
    plain body and the HTML from one document and escapes in one place."""

    text: str
    html: str | None = None
    mentions: tuple[UserId, ...] = ()
    # Send no reply of its own: the command's other output is the answer (the activation
    # notice right under an !activate, say). Refusals and errors always reply.
    silent: bool = False
    # Messages sent right after the reply, in the same place (a report's chart, say): each
    # a message content, made a reply to the command like the reply itself.
    after: tuple[dict[str, Any], ...] = ()


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
    # `!aar add …`, `!aar close`: each with its own arguments, after `args` (the lead).
    subcommands: tuple[Sub, ...] = ()

    def help_for(self, prefix: str) -> str:
        """The help text, whose commands are written with '!', in the configured prefix."""
        return re.sub(r"!(?=[a-z])", lambda _: prefix, self.help)

    def usage(self, prefix: str) -> str:
        """Generated from the declaration, so it always matches what is parsed."""
        if self.subcommands:
            tail = usage_of_subs(self.args, self.subcommands)
        else:
            tail = usage_of(self.args)
        return f"{prefix}{self.name} {tail}".rstrip()


def command(
    name: str,
    *,
    roles: frozenset[Role],
    help: str,
    args: tuple[ArgSpec, ...] = (),
    aliases: tuple[str, ...] = (),
    contacts_allowed: bool = False,
    subcommands: tuple[Sub, ...] = (),
) -> Callable[[Handler], Handler]:
    """Attach a `CommandSpec` to the handler (as `handler.spec`) and return it unchanged."""

    def wrap(fn: Handler) -> Handler:
        fn.spec = CommandSpec(  # type: ignore[attr-defined]
            name, fn, roles, args, help, aliases, contacts_allowed, subcommands
        )
        return fn

    return wrap


def spec_of(fn: Handler) -> CommandSpec:
    spec = getattr(fn, "spec", None)
    if not isinstance(spec, CommandSpec):
        raise TypeError(f"{fn!r} is not decorated with @command")
    return spec


def parse_args(spec: CommandSpec, text: str, prefix: str) -> ParsedArgs:
    """Parse `text` (what follows the command name). Raises UsageError with the usage line."""
    return parse(spec.args, spec.subcommands, text, spec.usage(prefix))


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
