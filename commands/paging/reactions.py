"""A ✅ reaction on a page acknowledges it, with the same rules as !ack."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Collection
from datetime import datetime

from commands.kernel.router import Handled
from commands.paging import sequence
from protocols.audit import AuditEntry, Outcome
from protocols.config.schema import MactConfig
from protocols.errors import UserError
from protocols.ids import UserId
from protocols.paging.escalation import acknowledge
from storage.db import Database
from storage.repositories import audit, crisis, outbox, processed

log = logging.getLogger(__name__)


def may_acknowledge(config: MactConfig, sender: str, agency: str, targets: Collection[str]) -> bool:
    """Only someone paged for the agency, or a member of that agency, can acknowledge."""
    if sender in targets:
        return True
    member = config.member(sender)
    return member is not None and member.agency == agency


async def handle_ack_reaction(
    db: Database,
    config: MactConfig,
    *,
    event_id: str,
    room_id: str,
    sender: UserId,
    reacts_to: str,
    now: datetime,
) -> Handled | None:
    async with db.transaction() as session:
        if not await processed.mark_processed(session, event_id, room_id, now):
            return None
        found = await crisis.page_by_event(session, reacts_to)
        if found is None:
            return Handled([], set())
        ce_id, page = found
        event = await crisis.get_event(session, ce_id)
        if event is None:
            return Handled([], set())
        steps, pages = await crisis.steps_and_pages(session, ce_id)
        step = steps[page.step_index]
        targets = {p.target for p in pages if p.step_index == step.index}
        member = config.member(sender)
        entry = AuditEntry(
            at=now,
            sender=sender,
            agency=member.agency if member else None,
            role=member.role.value if member and member.role else None,
            command="ack-reaction",
            room_id=room_id,
            event_id=event_id,
            outcome=Outcome.OK,
            ref=ce_id,
        )
        if not may_acknowledge(config, sender, step.agency, targets):
            log.info("ack reaction refused: event=%s page=%d", event_id, page.id)
            await audit.append(session, dataclasses.replace(entry, outcome=Outcome.REFUSED))
            return Handled([], set())
        try:
            ack = acknowledge(step, pages, sender, now)
        except UserError:
            await audit.append(session, dataclasses.replace(entry, outcome=Outcome.REJECTED))
            return Handled([], set())
        messages, _ = await sequence.run(session, event, now, [ack])
        await audit.append(session, entry)
        ids = [await outbox.enqueue(session, m, now) for m in messages]
    return Handled(ids, {ce_id})
