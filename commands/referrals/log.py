"""!log <agency> <call|message|email|meeting|visit> <purpose…> [--outcome <text…>]: one
inter-agency contact in the contact log; alone with an agency, that agency's latest."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.kernel.content import bulleted
from commands.kernel.framework import (
    CommandContext,
    ParsedArgs,
    Reply,
    Rest,
    Trailing,
    Word,
    command,
)
from commands.kernel.privacy import free_text
from commands.referrals.lookup import agency_and_program
from protocols.errors import UserError
from protocols.referrals.contact_log import TYPED, Contact, Interaction
from protocols.roles import STAFF_ROLES
from storage.repositories import contact_log

KINDS = "|".join(k.value for k in TYPED)


@command(
    "log",
    roles=STAFF_ROLES,
    help="Log a contact with another agency: its type, purpose and, with --outcome, how it "
    "ended. '!log AGENCY' alone lists the latest contacts with it. Referrals, requests and "
    "answers are logged by MACT itself.",
    args=(
        Word("agency"),
        Word("kind", optional=True, shown=KINDS),
        Rest("purpose"),
        Trailing("outcome", "text"),
    ),
)
async def log(ctx: CommandContext, args: ParsedArgs) -> Reply:
    agency, _ = agency_and_program(ctx.config, args.req("agency"))
    if args.get("kind") is None:
        return await _latest(ctx, agency.code)
    try:
        kind = Interaction(args.req("kind").lower())
    except ValueError:
        kind = None
    if kind not in TYPED:
        raise UserError(f"The type is one of {KINDS}.")
    assert kind is not None
    if args.get("purpose") is None:
        raise UserError("Say what the contact was about.")
    purpose = free_text(ctx, args.req("purpose"), "purpose")
    outcome = free_text(ctx, args.req("outcome"), "outcome") if args.get("outcome") else None
    await contact_log.add(
        ctx.session,
        Contact(ctx.now, ctx.member.agency, ctx.sender, agency.code, kind, purpose, outcome),
    )
    return Reply(f"Logged: {kind.value} with {agency.code}.")


async def _latest(ctx: CommandContext, agency: str) -> Reply:
    if agency != ctx.member.agency:
        found = [
            c
            for c in await contact_log.of_agency(ctx.session, agency, limit=100)
            if ctx.member.agency in (c.from_agency, c.with_agency)
        ][:20]
    else:
        found = await contact_log.of_agency(ctx.session, agency)
    if not found:
        return Reply(f"No contacts with {agency} logged.")
    tz = ZoneInfo(ctx.config.coalition.timezone)
    lines = [
        f"{c.at.astimezone(tz):%a %d %b %H:%M} {c.from_agency} → {c.with_agency}, "
        f"{c.kind.value}{' ' + c.ref if c.ref else ''}: {c.purpose}"
        + (f" — {c.outcome}" if c.outcome else "")
        for c in found
    ]
    return bulleted(f"Latest contacts with {agency} ({ctx.config.coalition.timezone})", lines)
