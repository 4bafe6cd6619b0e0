"""!indicators [period]: the dictionary's shared indicators from MACT's records, with the
referral report's small-count suppression."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word, command
from commands.kernel.render import B, doc, grid, para
from protocols.config.schema import MactConfig
from protocols.data.indicators import IndicatorValue, Records, compute
from protocols.reports.period import SHAPES, Period, parse_period
from protocols.reports.suppression import as_text
from protocols.roles import SUPERVISORY_ROLES
from storage.repositories import contact_log, crisis, referrals, requests


async def indicator_values(
    session: AsyncSession, config: MactConfig, period: Period
) -> list[IndicatorValue]:
    records = Records(
        contacts=await contact_log.between(session, period.start, period.end),
        referrals=await referrals.sent_between(session, period.start, period.end),
        requests=await requests.between(session, period.start, period.end),
        events_closed=await crisis.closed_between(session, period.start, period.end),
    )
    return compute(config.codes, records, config.reports.suppress_below)


def heading(config: MactConfig, period: Period) -> str:
    below = config.reports.suppress_below
    return (
        f"Shared indicators, {period.label} (data dictionary {config.codes.version}; counts "
        f"under {below} shown as <{below})"
    )


@command(
    "indicators",
    roles=SUPERVISORY_ROLES,
    help="The data dictionary's shared indicators over a period (" + SHAPES + "; the "
    "configured default if none), counted from MACT's records.",
    args=(Word("period", optional=True),),
)
async def indicators(ctx: CommandContext, args: ParsedArgs) -> Reply:
    tz = ctx.config.coalition.timezone
    period = parse_period(args.get("period") or ctx.config.reports.default_period, ctx.now, tz)
    values = await indicator_values(ctx.session, ctx.config, period)
    below = ctx.config.reports.suppress_below
    rows = [(v.indicator.title, as_text(v.value, below), v.indicator.code) for v in values]
    return doc(para(B(heading(ctx.config, period))), grid(("indicator", "value", "code"), rows))
