"""!ping: is the bot alive and answering in this room?"""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, command
from protocols.roles import ALL_ROLES


@command("ping", roles=ALL_ROLES, help="Check that MACT is listening in this room.")
async def ping(ctx: CommandContext, args: ParsedArgs) -> Reply:
    return Reply("pong")
