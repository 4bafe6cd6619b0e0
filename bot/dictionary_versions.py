"""At start-up: keep the data dictionary's version, and post what changed since the version
before it in the coordination room, once (the outbox row and the 'announced' mark are
written in one transaction; a restart finds it announced and posts nothing)."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime

from commands.data.messages import changes_notice
from protocols.config.schema import MactConfig
from protocols.data.dictionary import version_key
from protocols.data.diff import diff
from protocols.outbox import OutgoingMessage
from storage.db import Database
from storage.repositories import dictionary_versions, outbox

log = logging.getLogger(__name__)


async def announce_dictionary(
    db: Database, config: MactConfig, room_ids: Mapping[str, str], now: datetime
) -> int:
    """Returns how many changes were posted (0: nothing new, or the first version). Never
    raises: an announcement that fails is logged and tried again at the next start; it
    must not keep the bot from serving."""
    try:
        return await _announce(db, config, room_ids, now)
    except Exception as err:  # the database, a stored version that no longer validates
        log.warning("data dictionary announcement failed: %s", type(err).__name__)
        return 0


async def _announce(
    db: Database, config: MactConfig, room_ids: Mapping[str, str], now: datetime
) -> int:
    current = config.codes
    room = room_ids.get(config.coalition.coordination_rooms[0])
    async with db.transaction() as session:
        await dictionary_versions.remember(session, current, now)
        if await dictionary_versions.announced(session, current.version):
            return 0
        older = [v for v in await dictionary_versions.versions(session)
                 if version_key(v) < version_key(current.version)]  # fmt: skip
        previous = await dictionary_versions.get(session, older[-1]) if older else None
        changes = diff(previous, current) if previous else []
        if changes and room is None:
            return 0  # the room is not resolved yet: announced on a later start
        if changes and room is not None:
            content = changes_notice(previous.version if previous else "", current, changes)
            message = OutgoingMessage(f"dictionary-{current.version}", room,
                                      "m.room.message", content)  # fmt: skip
            await outbox.enqueue(session, message, now)
        await dictionary_versions.mark_announced(session, current.version, now)
    log.info("data dictionary %s: %d change(s) announced", current.version, len(changes))
    return len(changes)
