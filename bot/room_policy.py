"""Which rooms the bot is in: coordination rooms on the allow-list, joined when a roster
member invites it, and encrypted ones only. It leaves any other room, saying why in the
leave's reason, never in a message (the room may be unencrypted)."""

from __future__ import annotations

import json
import logging
from typing import Any

from nio import (
    AsyncClient,
    InviteMemberEvent,
    JoinError,
    RoomLeaveResponse,
    RoomResolveAliasResponse,
)
from nio.api import Api

from protocols.config.schema import MactConfig
from protocols.ids import is_room_alias

log = logging.getLogger(__name__)

UNENCRYPTED_LEAVE_REASON = (
    "MACT only works in end-to-end encrypted rooms. Enable encryption in a new room "
    "and invite the bot again."
)
OFF_LIST_REASON = "This room is not on MACT's list of coordination rooms."


class RoomPolicy:
    def __init__(self, client: AsyncClient, config: MactConfig) -> None:
        self.client = client
        self.config = config
        self.allowed: set[str] = set()
        # Configured room reference (id or alias) → room id, as resolved on the homeserver.
        self.room_ids: dict[str, str] = {}
        # Rooms the bot created itself (DMs): encrypted from their first state event on.
        self.created_by_me: set[str] = set()
        self._left_unencrypted: set[str] = set()

    @property
    def unresolved(self) -> bool:
        return len(self.room_ids) < len(self.config.coalition.coordination_rooms)

    async def resolve_allow_list(self) -> None:
        """Resolve configured aliases not resolved yet. Network errors go to the caller."""
        for ref in self.config.coalition.coordination_rooms:
            if not is_room_alias(ref):
                self.allowed.add(ref)
                self.room_ids[ref] = ref
                continue
            if ref in self.room_ids:
                continue
            resp = await self.client.room_resolve_alias(ref)
            if isinstance(resp, RoomResolveAliasResponse):
                self.allowed.add(resp.room_id)
                self.room_ids[ref] = resp.room_id
            else:
                log.warning("coordination room alias %s does not resolve yet", ref)

    async def on_invite(self, room_id: str, invite_state: list[Any]) -> None:
        inviter = next(
            (
                e.sender
                for e in invite_state
                if isinstance(e, InviteMemberEvent)
                and e.state_key == self.client.user_id
                and e.membership == "invite"
            ),
            None,
        )
        if inviter is None or self.config.roster_entry(inviter) is None:
            log.info("ignoring invite: room=%s (inviter not on roster)", room_id)
            return
        if room_id not in self.allowed:
            await self.resolve_allow_list()
        if room_id not in self.allowed:
            log.info("declining invite: room=%s is not on the allow-list", room_id)
            await self.leave(room_id, OFF_LIST_REASON)
            return
        resp = await self.client.join(room_id)
        if isinstance(resp, JoinError):
            log.warning("join failed: room=%s status=%s", room_id, resp.status_code)
        else:
            log.info("joined room=%s invited_by=%s", room_id, inviter)

    async def enforce_encryption(self, room_id: str) -> bool:
        """True if the room is encrypted; otherwise leave it (once) and return False."""
        room = self.client.rooms.get(room_id)
        if room is not None and room.encrypted:
            return True
        if room_id in self.created_by_me:
            # A room the bot is creating (a DM, with encryption in its initial state): a sync
            # can arrive while createRoom is still persisting its events. Nothing is ever
            # sent before the room is encrypted, so wait for the rest of the state.
            return False
        if room_id not in self._left_unencrypted:
            self._left_unencrypted.add(room_id)
            log.warning("leaving unencrypted room=%s", room_id)
            await self.leave(room_id, UNENCRYPTED_LEAVE_REASON)
        return False

    async def leave(self, room_id: str, reason: str) -> None:
        """Leave (or decline) with a reason on the membership event: this says why without
        sending a message into a room that may be unencrypted."""
        _, path = Api.room_leave(self.client.access_token, room_id)
        await self.client._send(RoomLeaveResponse, "POST", path, json.dumps({"reason": reason}))
