"""!whoami: the sender's roster entry, so staff can see what MACT will let them do."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, command, esc
from protocols.roles import ALL_ROLES


@command("whoami", roles=ALL_ROLES, help="Show your agency and role on the MACT roster.")
async def whoami(ctx: CommandContext, args: ParsedArgs) -> Reply:
    member = ctx.member
    agency = ctx.config.agency(member.agency)
    name = agency.name if agency else member.agency
    role = member.role.value if member.role else "contact point (not on the roster)"
    text = f"{member.user_id}: {role} at {member.agency} ({name})"
    html = (
        f"<code>{esc(member.user_id)}</code>: <b>{esc(role)}</b> at "
        f"<b>{esc(member.agency)}</b> ({esc(name)})"
    )
    return Reply(text, html)
