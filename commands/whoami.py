"""!whoami: the sender's roster entry, so staff can see what MACT will let them do."""

from __future__ import annotations

from protocols.roles import ALL_ROLES

from .framework import CommandContext, ParsedArgs, Reply, command, esc


@command("whoami", roles=ALL_ROLES, help="Show your agency and role on the MACT roster.")
async def whoami(ctx: CommandContext, args: ParsedArgs) -> Reply:
    member = ctx.member
    agency = ctx.config.agency(member.agency)
    name = agency.name if agency else member.agency
    text = f"{member.matrix_id}: {member.role.value} at {member.agency} ({name})"
    html = (
        f"<code>{esc(member.matrix_id)}</code>: <b>{esc(member.role.value)}</b> at "
        f"<b>{esc(member.agency)}</b> ({esc(name)})"
    )
    return Reply(text, html)
