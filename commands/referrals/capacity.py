"""!capacity [AGENCY[/PROGRAM] open|full|waitlist BAND [note…]]: an agency says whether it can
take referrals; alone, every agency's and program's last word and how old it is."""

from __future__ import annotations

from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, Word, command
from commands.kernel.privacy import free_text
from commands.referrals.lookup import agency_and_program
from protocols.durations import format_duration
from protocols.errors import PermissionDenied, UserError
from protocols.referrals.capacity import Availability, Band, Capacity
from protocols.roles import ALL_ROLES, STAFF_ROLES
from storage.repositories import capacity as capacity_repo

BANDS = ", ".join(b.value for b in Band)


@command(
    "capacity",
    roles=ALL_ROLES,
    help="Alone: every agency's and program's last word on taking referrals, and its age. "
    f"With AGENCY[/PROGRAM] open|full|waitlist <band> [note]: say it for your agency "
    f"(bands: {BANDS}).",
    args=(
        Word("where", optional=True, shown="AGENCY[/PROGRAM]"),
        Word("state", optional=True, shown="open|full|waitlist"),
        Rest("note"),
    ),
)
async def capacity(ctx: CommandContext, args: ParsedArgs) -> Reply:
    if args.get("where") is None:
        return await _listing(ctx)
    agency, program = agency_and_program(ctx.config, args.req("where"))
    if ctx.member.agency != agency.code or ctx.member.role not in STAFF_ROLES:
        raise PermissionDenied(f"Only {agency.code}'s staff say its capacity.")
    state, band, note = _state(args.get("state"), args.get("note"))
    note = free_text(ctx, note, "note") if note else None
    word = Capacity(agency.code, program or None, state, band, note, ctx.sender, ctx.now)
    await capacity_repo.put(ctx.session, word)
    return Reply(f"{word.where} capacity: {word.said()}.")


async def _listing(ctx: CommandContext) -> Reply:
    words = {(c.agency, c.program): c for c in await capacity_repo.every(ctx.session)}
    lines: list[str] = []
    for agency in ctx.config.agencies:
        for program in (None, *(p.code for p in agency.programs)):
            c = words.get((agency.code, program))
            where = f"{agency.code}/{program}" if program else agency.code
            if c is None:
                if program is None:
                    lines.append(f"{where}: no word")
                continue
            lines.append(f"{where}: {c.said()} ({format_duration(ctx.now - c.at)} ago)")
    return bulleted("Capacity, as each agency last said", lines)


def _state(state: str | None, rest: str | None) -> tuple[Availability, Band | None, str | None]:
    try:
        chosen = Availability((state or "").lower())
    except ValueError:
        raise UserError("Say open, full or waitlist <band> after the agency.") from None
    if chosen is not Availability.WAITLIST:
        return chosen, None, rest
    band_word, _, note = (rest or "").partition(" ")
    try:
        return chosen, Band(band_word.lower()), note.strip() or None
    except ValueError:
        raise UserError(f"waitlist takes a band: {BANDS}.") from None
