"""!referrals [open|overdue|mine|to AGENCY|from AGENCY]: open referrals, one line each. A
coordinator (or admin, or leadership) sees every agency's; others their own agency's."""

from __future__ import annotations

from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from commands.referrals.messages import local
from protocols.errors import UserError
from protocols.referrals.lifecycle import Referral, Status
from protocols.roles import ALL_ROLES, Role
from storage.repositories import referrals

_SEE_ALL = frozenset({Role.COORDINATOR, Role.ADMIN, Role.LEADERSHIP})
_FILTERS = ("open", "overdue", "mine", "to", "from")


@command(
    "referrals",
    roles=ALL_ROLES,
    help="Open referrals: all of them (open, the default), overdue ones, mine (sent by you or "
    "waiting on your agency), or to/from one agency. Coordinators see every agency's.",
    args=(
        Word("filter", optional=True, shown="open|overdue|mine|to|from"),
        Word("agency", optional=True),
    ),
)
async def referrals_(ctx: CommandContext, args: ParsedArgs) -> Reply:
    which = (args.get("filter") or "open").lower()
    if which not in _FILTERS:
        raise UserError(f"'{which[:24]}' is not a filter: {', '.join(_FILTERS)}.")
    agency = (args.get("agency") or "").upper() or None
    if which in ("to", "from") and (agency is None or ctx.config.agency(agency) is None):
        known = ", ".join(ctx.config.agency_codes)
        raise UserError(f"Say which agency: {ctx.prefix}referrals {which} <{known}>.")
    found = [r for r in await referrals.listed(ctx.session, limit=500) if _visible(ctx, r)]
    chosen = [r for r in found if _matches(ctx, r, which, agency)]
    scope = which if agency is None else f"{which} {agency}"
    if not chosen:
        return Reply(f"No referrals ({scope}).")
    lines = [_line(ctx, r) for r in chosen[:50]]
    more = ", the first 50 shown" if len(chosen) > 50 else ""
    return bulleted(f"{len(chosen)} referral(s) ({scope}{more})", lines)


def _visible(ctx: CommandContext, r: Referral) -> bool:
    role = ctx.member.role
    return (role is not None and role in _SEE_ALL) or ctx.member.agency in (
        r.from_agency,
        r.to_agency,
    )


def _matches(ctx: CommandContext, r: Referral, which: str, agency: str | None) -> bool:
    if which == "overdue":
        return r.status is Status.SENT and r.due <= ctx.now
    if which == "mine":
        return r.from_user == ctx.sender or (
            r.to_agency == ctx.member.agency and r.status is Status.SENT
        )
    if which == "to":
        return r.to_agency == agency
    if which == "from":
        return r.from_agency == agency
    return True


def _line(ctx: CommandContext, r: Referral) -> str:
    due = local(ctx.config, r.to_agency, r.due)
    late = " (overdue)" if r.status is Status.SENT and r.due <= ctx.now else ""
    return f"{r.id} {r.from_agency} → {r.to}: {r.status.value}, {r.urgency.value}, due {due}{late}"
