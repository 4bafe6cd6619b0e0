"""✅ on circulated minutes confirms them for the reacting agency; ❌ objects, which stops
their approval and tells the chair."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.content import notice
from commands.kernel.render import doc, para
from commands.kernel.router import IncomingReaction, ReactionResult, reaction_key
from protocols.audit import Outcome
from protocols.config.schema import MactConfig
from protocols.meetings.minutes import Entry, EntryKind
from protocols.meetings.series import MinutesState
from protocols.outbox import OutgoingMessage
from storage.repositories import meetings

CONFIRM = {reaction_key("✅"), reaction_key("✔️")}
OBJECT = {reaction_key("❌")}


async def minutes_reaction(
    session: AsyncSession, config: MactConfig, reaction: IncomingReaction, now: datetime
) -> ReactionResult | None:
    occ = await meetings.by_minutes(session, reaction.reacts_to)
    if occ is None:
        return None
    member = config.member(reaction.sender)
    if member is None or member.role is None:
        return ReactionResult("minutes-reaction", Outcome.REFUSED, occ.key)
    if occ.minutes is not MinutesState.CIRCULATED:
        return ReactionResult("minutes-reaction", Outcome.REJECTED, occ.key)
    key = reaction_key(reaction.key)
    kind = EntryKind.OBJECTED if key in OBJECT else EntryKind.CONFIRMED
    await meetings.add_entry(session, Entry(occ.key, now, kind, member.agency, reaction.sender))
    messages: list[OutgoingMessage] = []
    series = await meetings.get_series(session, occ.series_id)
    if kind is EntryKind.OBJECTED:
        await meetings.put_occurrence(
            session, dataclasses.replace(occ, minutes=MinutesState.OBJECTED)
        )
        if series is not None and series.chair:
            text = (f"{member.agency} objects to the minutes of {occ.key}: they are not "
                    "approved; correct them in the thread and !minutes end again.")  # fmt: skip
            messages.append(OutgoingMessage(f"objected-{reaction.event_id}", None,
                                            "m.room.message", notice(doc(para(text))),
                                            to_user=series.chair))  # fmt: skip
    touched = {series.label} if series else set()
    return ReactionResult("minutes-reaction", Outcome.OK, occ.key, messages, touched)
