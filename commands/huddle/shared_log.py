"""The shared log of action items and decisions (the seed's documentation follow-up): across
crisis events, after-action reviews and meetings, readable by every partner."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, Reply
from protocols.due import describe_due
from protocols.errors import UserError
from protocols.huddle.actions import ItemState
from storage.repositories import decisions, items

LOGS = ("actions", "decisions")


async def shared_log(ctx: CommandContext, which: str, agency_text: str | None) -> Reply:
    agency = agency_text.upper() if agency_text else None
    if agency is not None and ctx.config.agency(agency) is None:
        raise UserError(
            f"There is no agency {agency[:24]} (known: {', '.join(ctx.config.agency_codes)})."
        )
    scope = f" ({agency})" if agency else ""
    tz = ctx.config.coalition.timezone
    if which == "actions":
        found = await items.shared_log(ctx.session, agency)
        if not found:
            return Reply(f"No action items in the shared log{scope}.")
        lines = [
            f"{i.event_id} {i.label} {i.owner.agency}: {i.text}; "
            + (f"due {describe_due(i.due, ctx.now, tz)}" if i.state is ItemState.OPEN
               else i.state.value)
            for i in found
        ]  # fmt: skip
        return bulleted(f"Shared log: action items{scope}, open first", lines)
    taken = await decisions.latest(ctx.session, agency)
    if not taken:
        return Reply(f"No decisions in the shared log{scope}.")
    zone = ZoneInfo(tz)
    lines = [f"{d.event_id} {d.label} {d.at.astimezone(zone):%d %b %Y} {d.agency}: {d.text}"
             for d in taken]  # fmt: skip
    return bulleted(f"Shared log: decisions{scope}, latest first", lines)
