"""!raise <text…>: a recurring coordination problem, queued for the agency leads' next
meeting agenda."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, command
from commands.kernel.privacy import free_text
from protocols.referrals.contact_log import Problem
from protocols.roles import STAFF_ROLES
from storage.repositories import contact_log


@command(
    "raise",
    roles=STAFF_ROLES,
    help="Raise a recurring coordination problem for the agency leads' next meeting.",
    args=(Rest("text", optional=False),),
)
async def raise_(ctx: CommandContext, args: ParsedArgs) -> Reply:
    text = free_text(ctx, args.req("text"), "problem")
    number = await contact_log.raise_problem(
        ctx.session, Problem(ctx.now, ctx.member.agency, ctx.sender, text)
    )
    queued = len(await contact_log.queued_problems(ctx.session))
    return Reply(f"Problem P-{number} queued for the leads' next meeting ({queued} queued).")
