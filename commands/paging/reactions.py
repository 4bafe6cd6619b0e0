"""A ✅ reaction on a page acknowledges it, with the same rules as !ack.

Registered with the router (commands.REACTIONS), which marks the reaction processed and
audits it in the same transaction, as it does for commands."""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from commands.kernel.router import (
    IncomingReaction,
    NotYet,
    ReactionHandler,
    ReactionResult,
    reaction_key,
)
from commands.paging import sequence
from protocols import permissions
from protocols.audit import Outcome
from protocols.config.schema import MactConfig
from protocols.errors import UserError
from protocols.paging.answers import acknowledge
from protocols.paging.escalation import Page
from storage.repositories import crisis, outbox

# A paged notice's transaction id (see sequence._issued): which step and attempt it reports.
_PAGED_NOTICE = re.compile(r"^notice-(CE-\d{4}-\d+)-paged-s(\d+)-a(\d+)$")


def ack_reactions(config: MactConfig) -> dict[str, ReactionHandler]:
    """The coalition's acknowledging reactions, by their bare key."""
    return {reaction_key(k): acknowledge_by_reaction for k in config.coalition.ack_reactions}


def may_acknowledge(config: MactConfig, sender: str, agency: str, targets: Collection[str]) -> bool:
    return permissions.acknowledge_for(config.member(sender), sender, agency, targets)


async def acknowledge_by_reaction(
    session: AsyncSession, config: MactConfig, reaction: IncomingReaction, now: datetime
) -> ReactionResult | None:
    """None if the reaction is not on a page (nothing to audit). Raises NotYet while the
    sender has a page whose delivery is not recorded yet (it may be that page)."""
    found = await crisis.page_by_event(session, reaction.reacts_to)
    if found is None:
        found = await _page_of_paged_notice(session, reaction)
    if found is None:
        if await crisis.has_unrecorded_page_for(session, reaction.sender):
            # A page sent just before a restart is recorded when it is sent again.
            raise NotYet(reaction.event_id)
        return None
    ce_id, page = found
    event = await crisis.get_event(session, ce_id)
    if event is None:
        return None
    steps, pages = await crisis.steps_and_pages(session, ce_id)
    step = steps[page.step_index]
    targets = {p.target for p in pages if p.step_index == step.index}
    if not may_acknowledge(config, reaction.sender, step.agency, targets):
        return ReactionResult("ack-reaction", Outcome.REFUSED, ce_id)
    try:
        ack = acknowledge(step, pages, reaction.sender, now)
    except UserError:
        return ReactionResult("ack-reaction", Outcome.REJECTED, ce_id)
    messages, _ = await sequence.run(session, event, now, [ack])
    return ReactionResult("ack-reaction", Outcome.OK, ce_id, messages, {ce_id})


async def _page_of_paged_notice(
    session: AsyncSession, reaction: IncomingReaction
) -> tuple[str, Page] | None:
    """The page a "paged" notice in the huddle thread reports, when its paged person reacts
    to the notice rather than to the page in their DM."""
    txn = await outbox.txn_of_sent_event(session, reaction.reacts_to)
    match = _PAGED_NOTICE.match(txn or "")
    if match is None:
        return None
    event_id, step_index, attempt = match.group(1), int(match.group(2)), int(match.group(3))
    _, pages = await crisis.steps_and_pages(session, event_id)
    page = next((p for p in pages if (p.step_index, p.attempt) == (step_index, attempt)), None)
    if page is None or page.target != reaction.sender:
        return None
    return event_id, page
