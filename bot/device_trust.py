"""`[bot] strict_devices`: room keys only for devices their owner signed.

A compromised homeserver can add a device to a staff account; with this setting on, that
device is never given the key to a page or a coordination message. Before each send the bot
reads the recipients' cross-signing keys (`/keys/query`), checks each device's signature by
its owner's self-signing key (itself signed by the owner's master key) with signedjson, and
tells nio to skip every device that fails: nio shares no room key with a blacklisted device.
When a device is newly refused, the room's outbound session is dropped, so the next message
starts a session the refused device never had.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from nio import AsyncClient
from signedjson.key import decode_verify_key_base64
from signedjson.sign import SignatureVerifyException, verify_signed_json

from .client_api import query_keys

log = logging.getLogger(__name__)


def signed_devices(keys: dict[str, Any], user_id: str) -> set[str]:
    """The ids of `user_id`'s devices signed by their self-signing key, itself signed by
    their master key, in a /keys/query answer. Empty without cross-signing keys."""
    master = _only_key(keys.get("master_keys", {}).get(user_id))
    ssk_object = keys.get("self_signing_keys", {}).get(user_id)
    ssk = _only_key(ssk_object)
    if master is None or ssk is None or not _verifies(ssk_object, user_id, master):
        return set()
    devices = keys.get("device_keys", {}).get(user_id, {})
    return {d for d, body in devices.items() if _verifies(body, user_id, ssk)}


def _only_key(key_object: dict[str, Any] | None) -> str | None:
    values = list(((key_object or {}).get("keys") or {}).values())
    return str(values[0]) if len(values) == 1 else None


def _verifies(signed: dict[str, Any] | None, user_id: str, public: str) -> bool:
    if not signed:
        return False
    try:
        verify_signed_json(signed, user_id, decode_verify_key_base64("ed25519", public, public))
    except SignatureVerifyException:
        return False
    return True


class DeviceTrust:
    def __init__(self, client: AsyncClient) -> None:
        self.client = client

    async def enforce(self, room_id: str, user_ids: Iterable[str]) -> int:
        """Refuse the room key to every device of `user_ids` its owner did not sign (and
        accept again one that is signed now). Returns how many devices are refused.
        Network errors go to the caller (the send is retried)."""
        users = sorted(set(user_ids) - {self.client.user_id})
        if not users:
            return 0
        keys = await query_keys(self.client, users)
        refused = 0
        newly_refused = False
        for user in users:
            trusted = signed_devices(keys, user)
            for device in self.client.device_store.active_user_devices(user):
                blacklisted = self.client.olm is not None and (
                    self.client.olm.is_device_blacklisted(device)
                )
                if device.id in trusted:
                    if blacklisted:
                        self.client.unblacklist_device(device)
                    continue
                refused += 1
                if not blacklisted:
                    self.client.blacklist_device(device)
                    newly_refused = True
                    log.warning(
                        "strict devices: no room keys for a device its owner did not sign: "
                        "user=%s device=%s",
                        user,
                        device.id,
                    )
        if newly_refused and self.client.olm is not None:
            # That device may hold the current session already: start a new one.
            self.client.olm.outbound_group_sessions.pop(room_id, None)
        return refused
