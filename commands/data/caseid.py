"""!caseid: a new non-identifying case id in the sender's agency's pattern, drawn at
random (never derived from anything about the client), unused by any referral."""

from __future__ import annotations

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, command
from protocols.data.caseids import mint
from protocols.errors import UserError
from protocols.roles import STAFF_ROLES
from storage.repositories import referrals

_TRIES = 20


@command(
    "caseid",
    roles=STAFF_ROLES,
    help="A new case id in your agency's pattern (agencies.case_id_pattern), drawn at "
    "random: use it as --case, never a client's name, date of birth or record number.",
    args=(),
)
async def caseid(ctx: CommandContext, args: ParsedArgs) -> Reply:
    agency = ctx.config.agency(ctx.member.agency)
    pattern = agency.case_id_pattern if agency else None
    if pattern is None:
        raise UserError(
            f"{ctx.member.agency} has no case id pattern: an admin sets case_id_pattern "
            "for the agency in the configuration."
        )
    for _ in range(_TRIES):
        candidate = mint(pattern)
        if not await referrals.case_ref_used(ctx.session, candidate):
            return Reply(f"New case id for {ctx.member.agency}: {candidate}")
    raise UserError(f"No unused id found in {pattern}: the pattern is nearly used up.")
