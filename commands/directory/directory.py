"""!directory [check|AGENCY]: the agency contact directory, and whether pages can reach it."""

from __future__ import annotations

from typing import Protocol as TypingProtocol

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from protocols.config.schema import Agency
from protocols.directory import pageable_contacts, stale, unreachable_report
from protocols.durations import format_duration
from protocols.errors import PermissionDenied, UserError
from protocols.roles import ALL_ROLES, SUPERVISORY_ROLES, describe_roles
from storage.repositories import directory_checks


class ReachabilityChecker(TypingProtocol):
    async def problems(self, users: list[str]) -> dict[str, str]: ...


def _agency_lines(a: Agency) -> list[str]:
    lines = [f"{a.code} — {a.name} ({a.kind.value})"]
    for label, c in (
        ("primary", a.primary),
        ("backup", a.backup),
        ("after-hours", a.after_hours_contact),
    ):
        if c is not None:
            extra = ", ".join(x for x in (c.phone, c.secure_email) if x)
            lines.append(
                f"  {label}: {c.name}, {c.role}, {c.matrix_id}" + (f" ({extra})" if extra else "")
            )
    if a.business_hours:
        h = a.business_hours
        lines.append(
            f"  business hours: {'/'.join(h.days)} {h.start:%H:%M}–{h.end:%H:%M} "
            f"{a.timezone or ''}".rstrip()
        )
    else:
        lines.append("  business hours: around the clock")
    if a.escalation:
        lines.append(f"  escalation: {' → '.join(a.escalation)}")
    lines.append(f"  after hours: {a.after_hours}")
    lines += _referral_lines(a)
    return lines


def _referral_lines(a: Agency) -> list[str]:
    """How the agency and each program take referrals, as the referrer will see it."""
    lines = []
    for label, program in [(a.code, None), *((f"{a.code}/{p.code} ({p.name})", p.code)
                                             for p in a.programs)]:  # fmt: skip
        channel, eligibility = a.referral_notes(program)
        said = "; ".join(
            x for x in (f"channel: {channel}" if channel else "",
                        f"eligibility: {eligibility}" if eligibility else "") if x
        )  # fmt: skip
        if program is not None or said:
            lines.append(f"  referrals to {label}" + (f": {said}" if said else ""))
    return lines


@command(
    "directory",
    roles=ALL_ROLES,
    help="The agency contact directory; '!directory AGENCY' for one agency; "
    "'!directory check' lists contacts that cannot receive encrypted pages; "
    "'!directory verify AGENCY' (its supervisor) stamps its entry as checked; "
    "'!directory stale' lists entries not verified within the configured period.",
    args=(
        Word("what", optional=True, shown="AGENCY|check|verify|stale"),
        Word("agency", optional=True),
    ),
)
async def directory(ctx: CommandContext, args: ParsedArgs) -> Reply:
    what = args.get("what")
    if what is None:
        lines = [
            f"{a.code}: {a.name} — primary {a.primary.name} ({a.primary.matrix_id})"
            + (f", backup {a.backup.name} ({a.backup.matrix_id})" if a.backup else "")
            for a in ctx.config.agencies
        ]
        return Reply(
            "Agency contact directory:\n"
            + "\n".join(lines)
            + f"\n{ctx.prefix}directory AGENCY for details."
        )
    if what.lower() in ("verify", "stale"):
        return await (_verify(ctx, args.get("agency")) if what.lower() == "verify" else _stale(ctx))
    if what.lower() == "check":
        if ctx.member.role not in SUPERVISORY_ROLES:
            raise PermissionDenied(
                f"{ctx.prefix}directory check needs the {describe_roles(SUPERVISORY_ROLES)} "
                f"role; you are {ctx.member.describe()}."
            )
        checker: ReachabilityChecker = ctx.services["directory"]
        entries = pageable_contacts(ctx.config)
        problems = await checker.problems([e.matrix_id for e in entries])
        report = unreachable_report(entries, problems)
        if not report:
            return Reply(f"All {len(entries)} directory contacts can receive encrypted pages.")
        return Reply(
            f"{len(report)} of {len(entries)} directory contacts cannot be paged:\n"
            + "\n".join(report)
        )
    agency = ctx.config.agency(what.upper())
    if agency is None:
        raise UserError(
            f"Unknown agency '{what[:32]}'. Agencies: " + ", ".join(ctx.config.agency_codes)
        )
    return Reply("\n".join(_agency_lines(agency)))


async def _verify(ctx: CommandContext, code: str | None) -> Reply:
    agency = ctx.config.agency((code or "").upper())
    if agency is None:
        known = ", ".join(ctx.config.agency_codes)
        raise UserError(f"Say which agency: {ctx.prefix}directory verify <{known}>.")
    if ctx.member.agency != agency.code or ctx.member.role not in SUPERVISORY_ROLES:
        raise PermissionDenied(f"Only {agency.code}'s supervisors verify its directory entry.")
    await directory_checks.verified(ctx.session, agency.code, ctx.sender, ctx.now)
    every = format_duration(ctx.config.directory.verify_every)
    return Reply(f"{agency.code}'s directory entry is verified; due again in {every}.")


async def _stale(ctx: CommandContext) -> Reply:
    checks = await directory_checks.every(ctx.session)
    found = stale(list(ctx.config.agency_codes), checks, ctx.config.directory.verify_every, ctx.now)
    if not found:
        return Reply("Every directory entry was verified within its period.")
    lines = [
        f"{code}: " + (f"verified {format_duration(ctx.now - at)} ago" if at else "never verified")
        for code, at in found
    ]
    every = format_duration(ctx.config.directory.verify_every)
    return Reply(f"Not verified within {every}:\n" + "\n".join(lines))
