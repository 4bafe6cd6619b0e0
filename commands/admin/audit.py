"""!audit [n]: the latest audit entries (ids and outcomes only), for admins."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from commands.kernel.render import C, bullets, doc, para
from protocols.errors import UsageError
from protocols.numbers import parse_number
from protocols.roles import Role
from storage.repositories import audit as audit_repo


@command(
    "audit",
    roles=frozenset({Role.ADMIN}),
    help="Show the latest audit-log entries: who ran which command, when, and the outcome.",
    args=(Word("count", optional=True),),
)
async def audit(ctx: CommandContext, args: ParsedArgs) -> Reply:
    count = parse_number(args.get("count") or "10", 1, 50)
    if count is None:
        raise UsageError(f"Usage: {ctx.prefix}audit [count] (count is 1 to 50)")
    entries = await audit_repo.latest(ctx.session, count)
    if not entries:
        return Reply("The audit log is empty.")
    rows = [
        f"{e.at:%Y-%m-%d %H:%M:%S}Z {e.sender} ({e.agency or '-'}/{e.role or '-'}) "
        f"{e.command} → {e.outcome.value}" + (f" [{e.ref}]" if e.ref else "")
        for e in entries
    ]
    return doc(para(f"Last {len(rows)} audit entries:"), bullets([[C(r)] for r in rows]))
