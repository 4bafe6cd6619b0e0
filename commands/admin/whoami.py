"""!whoami: the sender's roster entry, so staff can see what MACT will let them do."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, command
from commands.kernel.render import B, C, doc, para
from protocols.roles import ALL_ROLES


@command("whoami", roles=ALL_ROLES, help="Show your agency and role on the MACT roster.")
async def whoami(ctx: CommandContext, args: ParsedArgs) -> Reply:
    member = ctx.member
    agency = ctx.config.agency(member.agency)
    name = agency.name if agency else member.agency
    role = member.role.value if member.role else "contact point (not on the roster)"
    return doc(para(C(member.user_id), ": ", B(role), " at ", B(member.agency), f" ({name})"))
