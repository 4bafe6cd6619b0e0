"""!help and !help <command>: generated from the registered specs, so it cannot drift."""

from __future__ import annotations

import difflib

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from commands.kernel.render import C, bullets, doc, para
from protocols.errors import UserError
from protocols.roles import ALL_ROLES, describe_roles


@command(
    "help",
    roles=ALL_ROLES,
    help="List the commands, or show one command's usage and who may run it.",
    args=(Word("command", optional=True),),
)
async def help_(ctx: CommandContext, args: ParsedArgs) -> Reply:
    name = args.get("command")
    prefix = ctx.prefix
    if name is None:
        allowed = [
            s
            for s in ctx.registry.specs
            if (ctx.member.role in s.roles) or (ctx.member.role is None and s.contacts_allowed)
        ]
        return doc(
            para("MACT commands you can run:"),
            bullets([[C(s.usage(prefix)), f" — {s.help_for(prefix)}"] for s in allowed]),
            para(C(f"{prefix}help <command>"), " shows one in detail."),
        )
    spec = ctx.registry.get(name.removeprefix(prefix).lower())
    if spec is None:
        close = difflib.get_close_matches(name.lower(), ctx.registry.names, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise UserError(f"No command called {name}.{hint} {prefix}help lists them all.")
    aliases = f" (also {', '.join(prefix + a for a in spec.aliases)})" if spec.aliases else ""
    roles = describe_roles(spec.roles)
    return doc(
        para(C(spec.usage(prefix)), f"{aliases}\n{spec.help_for(prefix)}\nWho may run it: {roles}.")
    )
