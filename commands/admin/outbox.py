"""!outbox: messages the homeserver would never take, and why (ids and reasons only)."""

from __future__ import annotations

from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, command
from protocols.roles import Role
from storage.repositories import outbox as outbox_repo


@command(
    "outbox",
    roles=frozenset({Role.ADMIN}),
    help="List messages that could not be delivered for good (too large, or refused again "
    "and again), with where they were going and why.",
)
async def outbox(ctx: CommandContext, args: ParsedArgs) -> Reply:
    failed = await outbox_repo.failures(ctx.session)
    if not failed:
        return Reply("No failed messages: everything MACT wrote was delivered or is on its way.")
    lines = [
        f"#{r.id} {_kind(r.message.txn_id)} to {r.message.room_id or r.message.to_user}, "
        f"failed {r.failed_at:%Y-%m-%d %H:%M}Z after {r.attempts} attempt(s): {r.last_error}"
        for r in failed
    ]
    return bulleted(f"Last {len(lines)} failed messages (newest first):", lines)


def _kind(txn_id: str) -> str:
    """What a message was, from its transaction id: 'reply', 'page', 'notice'…"""
    return txn_id.split("-", 1)[0]
