"""!help and !help <command>: generated from the registered specs, so it cannot drift."""

from __future__ import annotations

import difflib

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command, esc
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
        lines = [f"{s.usage(prefix)} — {s.help_for(prefix)}" for s in allowed]
        text = "MACT commands you can run:\n" + "\n".join(lines)
        items = "".join(
            f"<li><code>{esc(s.usage(prefix))}</code> — {esc(s.help_for(prefix))}</li>"
            for s in allowed
        )
        return Reply(
            text,
            f"<p>MACT commands you can run:</p><ul>{items}</ul>"
            f"<p>{esc(prefix)}help &lt;command&gt; shows one in detail.</p>",
        )
    spec = ctx.registry.get(name.removeprefix(prefix).lower())
    if spec is None:
        close = difflib.get_close_matches(name.lower(), ctx.registry.names, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]}?" if close else ""
        raise UserError(f"No command called {name}.{hint} {prefix}help lists them all.")
    aliases = f" (also {', '.join(prefix + a for a in spec.aliases)})" if spec.aliases else ""
    roles = describe_roles(spec.roles)
    text = f"{spec.usage(prefix)}{aliases}\n{spec.help_for(prefix)}\nWho may run it: {roles}."
    html = (
        f"<code>{esc(spec.usage(prefix))}</code>{esc(aliases)}<br>{esc(spec.help_for(prefix))}<br>"
        f"Who may run it: {esc(roles)}."
    )
    return Reply(text, html)
