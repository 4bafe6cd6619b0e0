"""From a message to a handled command: parse, check the roster, run, audit, reply.

Exactly once: the event id is marked processed in the same transaction as the command's
changes, its audit entry and its reply (written to the outbox). A crash before commit
leaves nothing behind, so the replayed event runs again; after commit, a replay is skipped
and the outbox still holds the reply to send.
"""

from __future__ import annotations

import difflib
import logging
import re
import secrets
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.content import as_reply, mention_sender, notice
from commands.kernel.framework import (
    CommandContext,
    CommandRegistry,
    CommandSpec,
    Reply,
    parse_args,
)
from commands.kernel.render import C, Inline, doc, para
from protocols.audit import AuditEntry, Outcome
from protocols.config.schema import MactConfig, Member
from protocols.errors import PermissionDenied, UsageError, UserError
from protocols.ids import EventId, RoomId, UserId
from protocols.outbox import OutgoingMessage, fit_message
from protocols.roles import describe_roles
from storage.db import Database
from storage.repositories import audit, outbox, processed

log = logging.getLogger(__name__)

# Emoji modifiers that do not change what a reaction means: skin tones, variation selector.
_MODIFIERS = dict.fromkeys([0xFE0F, *range(0x1F3FB, 0x1F400)])


def reaction_key(key: str) -> str:
    """'👍🏽' and '✔️' as '👍' and '✔': the key without modifiers, for comparing."""
    return key.translate(_MODIFIERS)


_NAME = re.compile(r"^[a-z][a-z0-9_\-]{0,31}$")


@dataclass(frozen=True, slots=True)
class IncomingCommand:
    event_id: EventId
    room_id: RoomId
    sender: UserId
    body: str
    thread_root: EventId | None = None
    is_direct: bool = False


@dataclass(frozen=True, slots=True)
class IncomingReaction:
    event_id: EventId
    room_id: RoomId
    sender: UserId
    key: str
    reacts_to: str


@dataclass(frozen=True, slots=True)
class ReactionResult:
    """What a reaction did: its audit name, outcome and reference, and what it sends."""

    command: str
    outcome: Outcome
    ref: str | None
    messages: list[OutgoingMessage] = field(default_factory=list)
    touched_events: set[str] = field(default_factory=set)


class NotYet(Exception):
    """Raised by a reaction handler that cannot tell yet what the reaction is on (a page
    whose delivery is not recorded yet): nothing is kept, and the bot tries again."""


# Reactions get no reply: a handler returns None when the reaction meant nothing to it.
ReactionHandler = Callable[
    [AsyncSession, MactConfig, IncomingReaction, datetime], Awaitable[ReactionResult | None]
]


@dataclass(frozen=True, slots=True)
class Handled:
    outbox_ids: list[int]
    touched_events: set[str]
    # Outbox id → the ordering lane its message named (see OutgoingMessage.lane).
    lanes: dict[int, str] = field(default_factory=dict)
    # Outbox id → the message, so the sender need not read back what was just written.
    messages: dict[int, OutgoingMessage] = field(default_factory=dict)
    # Not handled yet (see NotYet): ask again shortly.
    retry: bool = False


def split_invocation(body: str, prefix: str) -> tuple[str, str] | None:
    """`'!help ping'` → `('help', 'ping')`; None if the body is not a command."""
    text = strip_reply_fallback(body).strip()
    if not text.startswith(prefix):
        return None
    parts = text[len(prefix) :].split(maxsplit=1)
    if not parts or text[len(prefix)].isspace():
        return None
    return parts[0].lower(), parts[1] if len(parts) > 1 else ""


def strip_reply_fallback(body: str) -> str:
    """Drop the quoted '> ' lines older clients still prepend to replies."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> "):
        return body
    i = 0
    while i < len(lines) and lines[i].startswith(">"):
        i += 1
    return "\n".join(lines[i:]).lstrip("\n")


class Router:
    def __init__(
        self,
        config: MactConfig,
        registry: CommandRegistry,
        db: Database,
        *,
        prefix: str,
        services: Mapping[str, Any] | None = None,
        reactions: Mapping[str, ReactionHandler] | None = None,
    ) -> None:
        self.config = config
        self.max_length = config.bot.max_command_length
        self.registry = registry
        self.db = db
        self.prefix = prefix
        self.services: Mapping[str, Any] = services or {}
        # Reaction key → handler.
        self.reactions: Mapping[str, ReactionHandler] = reactions or {}

    def is_command(self, body: str) -> bool:
        return split_invocation(body, self.prefix) is not None

    async def handle(self, cmd: IncomingCommand, now: datetime) -> Handled | None:
        """Handle one command. Returns what to send and which events changed, or None if
        the event was handled before."""
        invocation = split_invocation(cmd.body, self.prefix)
        if invocation is None:
            return None
        name, rest = invocation
        member = self.config.member(cmd.sender)
        spec = self.registry.get(name)
        if len(cmd.body) > self.max_length:
            text = (
                f"That message is {len(cmd.body):,} characters; MACT reads commands of at most "
                f"{self.max_length:,}. Shorten it, or split it over several commands."
            )
            return await self._record_failure(cmd, member, spec, name, text, Outcome.REJECTED, now)
        try:
            async with self.db.transaction() as session:
                if not await processed.mark_processed(session, cmd.event_id, cmd.room_id, now):
                    return None
                reply, outcome, ctx = await self._run(session, cmd, member, spec, name, rest, now)
                return await self._finish(
                    session, cmd, ctx, member, spec, name, reply, outcome, now
                )
        except UserError as err:
            # The handler's changes are rolled back; record the refusal in a fresh transaction.
            outcome = Outcome.REFUSED if isinstance(err, PermissionDenied) else Outcome.REJECTED
            return await self._record_failure(cmd, member, spec, name, str(err), outcome, now)
        except Exception:
            ref = secrets.token_hex(2)
            log.exception("command failed: event=%s command=%s ref=%s", cmd.event_id, name, ref)
            return await self._record_failure(
                cmd,
                member,
                spec,
                name,
                f"Something went wrong (ref {ref}).",
                Outcome.ERROR,
                now,
                ref,
            )

    async def _run(
        self,
        session: AsyncSession,
        cmd: IncomingCommand,
        member: Member | None,
        spec: CommandSpec | None,
        name: str,
        rest: str,
        now: datetime,
    ) -> tuple[Reply, Outcome, CommandContext | None]:
        if spec is None:
            return self._unknown(name), Outcome.UNKNOWN, None
        if member is None or (member.role is None and not spec.contacts_allowed):
            text = (
                f"You are not on the MACT roster, so I cannot run {self.prefix}{spec.name}; "
                "ask your coalition admin to add you."
            )
            return Reply(text), Outcome.REFUSED, None
        if member.role is not None and member.role not in spec.roles:
            text = (
                f"{self.prefix}{spec.name} needs the {describe_roles(spec.roles)} role; "
                f"you are {member.role.value} ({member.agency})."
            )
            return Reply(text), Outcome.REFUSED, None
        try:
            args = parse_args(spec, rest, self.prefix)
        except UsageError as err:
            return Reply(str(err)), Outcome.USAGE, None
        ctx = CommandContext(
            config=self.config,
            sender=cmd.sender,
            member=member,
            room_id=cmd.room_id,
            event_id=cmd.event_id,
            thread_root=cmd.thread_root,
            is_direct=cmd.is_direct,
            now=now,
            session=session,
            prefix=self.prefix,
            registry=self.registry,
            services=self.services,
        )
        return await spec.handler(ctx, args), Outcome.OK, ctx

    async def react(self, reaction: IncomingReaction, now: datetime) -> Handled | None:
        """Handle one reaction exactly once, audited like a command; None if it was handled
        before or means nothing (a key nobody registered, a reaction on no page)."""
        handler = self.reactions.get(reaction_key(reaction.key))
        if handler is None:
            return None
        member = self.config.member(reaction.sender)
        try:
            async with self.db.transaction() as session:
                if not await processed.mark_processed(
                    session, reaction.event_id, reaction.room_id, now
                ):
                    return None
                result = await handler(session, self.config, reaction, now)
                if result is None:
                    return Handled([], set())
                await audit.append(
                    session,
                    self._entry(
                        reaction.sender, member, reaction.room_id, reaction.event_id,
                        result.command, result.outcome, now, result.ref,
                    ),
                )  # fmt: skip
                sent = {
                    await outbox.enqueue(session, m, now): m
                    for m in map(fit_message, result.messages)
                }
                log.info(
                    "reaction handled: event=%s as=%s outcome=%s",
                    reaction.event_id,
                    result.command,
                    result.outcome.value,
                )
                return Handled(list(sent), result.touched_events, messages=sent)
        except NotYet:
            return Handled([], set(), retry=True)
        except Exception:
            log.exception("reaction failed: event=%s", reaction.event_id)
            return None

    def _unknown(self, name: str) -> Reply:
        shown = name if _NAME.match(name) else name[:40]
        close = difflib.get_close_matches(name, self.registry.names, n=1, cutoff=0.5)
        hint: list[Inline] = [" Did you mean ", C(self.prefix + close[0]), "?"] if close else []
        return doc(
            para(
                "Unknown command ", C(self.prefix + shown), ".", *hint, " Try ",
                C(f"{self.prefix}help"), ".",
            )
        )  # fmt: skip

    async def _finish(
        self,
        session: AsyncSession,
        cmd: IncomingCommand,
        ctx: CommandContext | None,
        member: Member | None,
        spec: CommandSpec | None,
        name: str,
        reply: Reply,
        outcome: Outcome,
        now: datetime,
    ) -> Handled:
        ref = ctx.audit_ref if ctx else None
        await audit.append(session, self._audit(cmd, member, spec, name, outcome, now, ref))
        # The command's own messages (an activation notice, a page) go before the reply:
        # they are what others wait for, and a page waits for the activation notice.
        ids: list[int] = []
        lanes: dict[int, str] = {}
        messages: dict[int, OutgoingMessage] = {}
        outgoing = list(ctx.outgoing if ctx else [])
        if not reply.silent:
            outgoing.append(self._reply_message(cmd, reply))
        outgoing += [
            OutgoingMessage(
                txn_id=f"reply-{cmd.event_id}-{n}",
                room_id=cmd.room_id,
                event_type="m.room.message",
                content=as_reply(dict(content), cmd.event_id, cmd.thread_root),
            )
            for n, content in enumerate(reply.after, start=1)
        ]
        for m in map(fit_message, outgoing):
            ids.append(await outbox.enqueue(session, m, now))
            messages[ids[-1]] = m
            if m.lane:
                lanes[ids[-1]] = m.lane
        log.info(
            "command handled: event=%s command=%s outcome=%s outgoing=%d",
            cmd.event_id,
            spec.name if spec else "?",
            outcome.value,
            len(ids),
        )
        return Handled(ids, ctx.touched_events if ctx else set(), lanes, messages)

    async def _record_failure(
        self,
        cmd: IncomingCommand,
        member: Member | None,
        spec: CommandSpec | None,
        name: str,
        text: str,
        outcome: Outcome,
        now: datetime,
        ref: str | None = None,
    ) -> Handled | None:
        async with self.db.transaction() as session:
            if not await processed.mark_processed(session, cmd.event_id, cmd.room_id, now):
                return None
            await audit.append(session, self._audit(cmd, member, spec, name, outcome, now, ref))
            reply = self._reply_message(cmd, Reply(text))
            outbox_id = await outbox.enqueue(session, reply, now)
            return Handled([outbox_id], set(), messages={outbox_id: reply})

    def _audit(
        self,
        cmd: IncomingCommand,
        member: Member | None,
        spec: CommandSpec | None,
        name: str,
        outcome: Outcome,
        now: datetime,
        ref: str | None,
    ) -> AuditEntry:
        # An unknown name is user input, and may be anything ('!JaneDoe'): never stored.
        command = spec.name if spec else "unknown"
        return self._entry(
            cmd.sender, member, cmd.room_id, cmd.event_id, command, outcome, now, ref
        )

    @staticmethod
    def _entry(
        sender: UserId,
        member: Member | None,
        room_id: RoomId,
        event_id: EventId,
        command: str,
        outcome: Outcome,
        now: datetime,
        ref: str | None,
    ) -> AuditEntry:
        return AuditEntry(
            at=now,
            sender=sender,
            agency=member.agency if member else None,
            role=member.role.value if member and member.role else None,
            command=command,
            room_id=room_id,
            event_id=event_id,
            outcome=outcome,
            ref=ref,
        )

    def _reply_message(self, cmd: IncomingCommand, reply: Reply) -> OutgoingMessage:
        content = as_reply(notice(mention_sender(reply, cmd.sender)), cmd.event_id, cmd.thread_root)
        return OutgoingMessage(
            txn_id=f"reply-{cmd.event_id}",
            room_id=cmd.room_id,
            event_type="m.room.message",
            content=content,
        )
