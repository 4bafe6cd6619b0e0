"""What nio's `sync_forever` does beside each sync, which MACT's own loop must do too:
to-device messages, and key upload, query and claim."""

from __future__ import annotations

import asyncio
import logging

from nio import AsyncClient

from .homeserver_health import NETWORK_ERRORS

log = logging.getLogger(__name__)


class KeyMaintenance:
    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        # One at a time: nio must not run two key queries at once.
        self._lock = asyncio.Lock()

    async def devices_known(self) -> None:
        """Before a send: query the device lists nio knows are stale (a member who just
        joined or was invited, a DM just created). Otherwise the room key reaches none of
        their devices and the message (a page!) stays unreadable for them. Network errors go
        to the caller, which retries the send."""
        if not self.client.should_query_keys:
            return
        async with self._lock:
            if self.client.should_query_keys:
                await self.client.keys_query()

    async def sessions_ready(self, room_id: str) -> set[str]:
        """Before a send: claim one-time keys for the room's devices the bot has no Olm
        session with, one claim at a time (two claims at once made two Olm sessions for one
        device). Returns the users with a device still without one: their server did not
        answer, and a room key sent now would not reach that device."""
        async with self._lock:
            missing = self.client.get_missing_sessions(room_id)
            if missing:
                await self.client.keys_claim(missing)
                missing = self.client.get_missing_sessions(room_id)
        return set(missing)

    async def run(self) -> None:
        """One pass; skipped while the previous one still runs. Never raises: what failed
        is tried again after the next sync."""
        if self._lock.locked():
            return
        async with self._lock:
            try:
                await self.client.send_to_device_messages()
                if self.client.should_upload_keys:
                    await self.client.keys_upload()
                if self.client.should_query_keys:
                    await self.client.keys_query()
                if self.client.should_claim_keys:
                    await self.client.keys_claim(self.client.get_users_for_key_claiming())
            except NETWORK_ERRORS as err:
                # The sync loop judges whether this is an outage.
                log.debug("key maintenance: network %s", type(err).__name__)
            except Exception:
                log.exception("key maintenance failed; retried after the next sync")
