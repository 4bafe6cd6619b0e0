"""RSVPs by reaction on a training's announcement: ✅ going, ❌ not, ❔ maybe, for the
reacting member's agency (the latest answer counts)."""

from __future__ import annotations

import dataclasses
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.router import IncomingReaction, ReactionResult, reaction_key
from protocols.audit import Outcome
from protocols.config.schema import MactConfig
from protocols.outbox import OutgoingMessage
from protocols.training.sessions import RSVP_KEYS
from storage.repositories import trainings

KEYS = {reaction_key(k): answer for k, answer in RSVP_KEYS.items()}


async def rsvp_reaction(
    session: AsyncSession, config: MactConfig, reaction: IncomingReaction, now: datetime
) -> ReactionResult | None:
    t = await trainings.by_announcement(session, reaction.reacts_to)
    answer = KEYS.get(reaction_key(reaction.key))
    if t is None or answer is None:
        return None
    member = config.member(reaction.sender)
    if member is None or member.role is None:
        return ReactionResult("training-rsvp", Outcome.REFUSED, t.label)
    await trainings.rsvp(session, t.id, member.agency, answer, reaction.sender, now)
    return ReactionResult("training-rsvp", Outcome.OK, t.label)


async def training_sent(session: AsyncSession, key: str, event_id: str) -> list[OutgoingMessage]:
    """The announcement's event is what RSVPs answer."""
    t = await trainings.get(session, int(key))
    if t is not None and t.announce_event_id is None:
        await trainings.save(session, dataclasses.replace(t, announce_event_id=event_id))
    return []
