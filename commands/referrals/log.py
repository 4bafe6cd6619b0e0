"""!log <agency> <type> <purpose…> [--outcome <text…>]: one inter-agency contact in the
contact log, its type a data-dictionary code; alone with an agency, that agency's latest."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.huddle.shared_log import LOGS, shared_log
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
from protocols.referrals.contact_log import MACT_LOGGED, Contact
from protocols.roles import STAFF_ROLES
from storage.repositories import contact_log


@command(
    "log",
    roles=STAFF_ROLES,
    help="'!log actions|decisions [agency]' reads the shared log of action items and "
    "decisions (crisis events, reviews, meetings). Otherwise, log a contact with another "
    "agency: its type (an interaction_type code of the data dictionary: call, message, "
    "meeting…), purpose and, with --outcome, how it ended. "
    "'!log AGENCY' alone lists the latest contacts with it. Referrals, requests and answers "
    "are logged by MACT itself.",
    args=(
        Word("agency"),
        Word("kind", optional=True, shown="type"),
        Rest("purpose"),
        Trailing("outcome", "text"),
    ),
)
async def log(ctx: CommandContext, args: ParsedArgs) -> Reply:
    if args.req("agency").lower() in LOGS:
        return await shared_log(ctx, args.req("agency").lower(), args.get("kind"))
    agency, _ = agency_and_program(ctx.config, args.req("agency"))
    if args.get("kind") is None:
        return await _latest(ctx, agency.code)
    kind = ctx.config.codes.check(
        "interaction_type", args.req("kind"), "contact type", exclude=MACT_LOGGED
    )
    if args.get("purpose") is None:
        raise UserError("Say what the contact was about.")
    purpose = free_text(ctx, args.req("purpose"), "purpose")
    outcome = free_text(ctx, args.req("outcome"), "outcome") if args.get("outcome") else None
    await contact_log.add(
        ctx.session,
        Contact(
            ctx.now,
            ctx.member.agency,
            ctx.sender,
            agency.code,
            kind,
            purpose,
            outcome,
            dict_version=ctx.config.codes.version,
        ),
    )
    return Reply(f"Logged: {kind} with {agency.code}.")


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
        f"{c.kind}{' ' + c.ref if c.ref else ''}: {c.purpose}"
        + (f" — {c.outcome}" if c.outcome else "")
        for c in found
    ]
    return bulleted(f"Latest contacts with {agency} ({ctx.config.coalition.timezone})", lines)
