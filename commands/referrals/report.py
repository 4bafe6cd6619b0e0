"""!report referrals [period]: the referral report in the room, a table of figures and
the trend as an encrypted picture. Aggregates only, small counts suppressed."""

from __future__ import annotations

from typing import Any

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from commands.kernel.render import B, doc, grid, para
from protocols.errors import UserError
from protocols.outbox import ATTACHMENT
from protocols.referrals.report import ReferralReport, build_report
from protocols.referrals.report_formats import chart_spec, figures, heading, section_rows
from protocols.reports.period import SHAPES, parse_period
from protocols.roles import SUPERVISORY_ROLES
from storage.repositories import referrals

REPORTS = ("referrals",)


@command(
    "report",
    roles=SUPERVISORY_ROLES,
    help="An aggregate report with a chart: 'referrals' over a period (" + SHAPES + "; "
    "the configured default if none). Counts too small to share are suppressed.",
    args=(Word("which", shown="referrals"), Word("period", optional=True)),
)
async def report(ctx: CommandContext, args: ParsedArgs) -> Reply:
    which = args.req("which").lower()
    if which not in REPORTS:
        raise UserError(f"'{which[:24]}' is not a report: {', '.join(REPORTS)}.")
    settings = ctx.config.reports
    tz = ctx.config.coalition.timezone
    period = parse_period(args.get("period") or settings.default_period, ctx.now, tz)
    found = await referrals.sent_between(ctx.session, period.start, period.end)
    r = build_report(found, period, ctx.now, settings.suppress_below, ctx.config.agency_codes, tz)
    reply = room_report(r)
    return Reply(reply.text, reply.html, after=(_chart(r),))


def room_report(r: ReferralReport) -> Reply:
    blocks: list[Any] = [
        para(B(heading(r))),
        grid(("figure", "value"), ((f.label, f.text) for f in figures(r))),
    ]
    for s in r.sections:
        blocks += [
            para(B(s.title)),
            grid((s.label, *(name for name, _ in s.columns)), section_rows(s, r.below)),
        ]
    return doc(*blocks)


def _chart(r: ReferralReport) -> dict[str, Any]:
    name = f"referrals-{r.period.label.replace(' ', '-')}.png"
    return {
        "msgtype": "m.image",
        "body": name,
        ATTACHMENT: {"kind": "stacked-bars", "spec": chart_spec(r)},
    }
