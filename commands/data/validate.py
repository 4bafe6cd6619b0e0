"""!validate: the data-consistency checks over MACT's records, for coordinators."""

from __future__ import annotations

from commands.data.records import check_records
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, command
from commands.kernel.render import B, bullets, doc, para
from protocols.data.findings import line, summary
from protocols.roles import Role

_SHOWN = 30
_IDS = 12


@command(
    "validate",
    roles=frozenset({Role.COORDINATOR, Role.ADMIN}),
    help="Check MACT's records against the data dictionary and the agreed rules: missing "
    "fields, impossible date orders, likely duplicates, retired codes, unusual shares of "
    "'unknown', stale directory entries and capacity words.",
    args=(),
)
async def validate(ctx: CommandContext, args: ParsedArgs) -> Reply:
    findings = await check_records(ctx.session, ctx.config, ctx.now)
    head = f"Data checks (dictionary {ctx.config.codes.version}): {summary(findings)}"
    if not findings:
        return doc(para(B(head)))
    lines = [line(f, _IDS) for f in findings[:_SHOWN]]
    more = len(findings) - len(lines)
    tail = [para(f"… {more} more: mact validate has them all.")] if more else []
    return doc(para(B(head)), bullets(lines, "- "), *tail)
