"""Cross-signing for the bot's own account, as MSC4153 (in the spec since 2026) expects:
clients in "exclude insecure devices" mode talk only to devices their owner signed.

The bot keeps a master, a self-signing and a user-signing ed25519 key (0600, beside the E2EE
store; never in the database or the logs), uploads their public halves once, and signs its
device with the self-signing key, again whenever its device changes (a lost store, a new
login). matrix-nio has no cross-signing; the JSON signing is signedjson's, the Matrix team's.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nio import AsyncClient
from signedjson.key import (
    decode_signing_key_base64,
    encode_signing_key_base64,
    encode_verify_key_base64,
    generate_signing_key,
    get_verify_key,
)
from signedjson.sign import sign_json
from signedjson.types import SigningKey

from .client_api import post_json, query_keys
from .config_loader import LoadedConfig
from .device_trust import signed_devices
from .homeserver_health import NETWORK_ERRORS
from .login import load_stored
from .private_files import write_private

log = logging.getLogger(__name__)

KEYS_FILE = "cross-signing.json"
_ROLES = ("master", "self_signing", "user_signing")


class CrossSigningError(RuntimeError):
    """The homeserver refused the keys or a signature (a status, never a secret)."""


@dataclass(frozen=True)
class CrossSigningKeys:
    master: SigningKey
    self_signing: SigningKey
    user_signing: SigningKey

    @staticmethod
    def public(key: SigningKey) -> str:
        return encode_verify_key_base64(get_verify_key(key))


def _new_key() -> SigningKey:
    """An ed25519 key whose key id is its own public key, as cross-signing keys are named."""
    key = generate_signing_key("new")
    public = encode_verify_key_base64(get_verify_key(key))
    return decode_signing_key_base64("ed25519", public, encode_signing_key_base64(key))


def load_or_create(store_dir: Path) -> tuple[CrossSigningKeys, bool]:
    """The kept keys, or new ones written 0600. Returns them and whether they are new."""
    path = store_dir / KEYS_FILE
    if path.exists():
        data = json.loads(path.read_text(encoding="utf-8"))
        keys = {r: decode_signing_key_base64("ed25519", data[r]["public"], data[r]["private"])
                for r in _ROLES}  # fmt: skip
        return CrossSigningKeys(**keys), False
    made = CrossSigningKeys(_new_key(), _new_key(), _new_key())
    stored = {
        r: {
            "public": CrossSigningKeys.public(getattr(made, r)),
            "private": encode_signing_key_base64(getattr(made, r)),
        }
        for r in _ROLES
    }
    write_private(path, json.dumps(stored))
    return made, True


def key_object(user_id: str, usage: str, key: SigningKey) -> dict[str, Any]:
    public = CrossSigningKeys.public(key)
    return {"user_id": user_id, "usage": [usage], "keys": {f"ed25519:{public}": public}}


def upload_body(user_id: str, keys: CrossSigningKeys) -> dict[str, Any]:
    """The /keys/device_signing/upload body: the three public keys, the self-signing and
    user-signing ones signed by the master key."""
    return {
        "master_key": key_object(user_id, "master", keys.master),
        "self_signing_key": sign_json(
            key_object(user_id, "self_signing", keys.self_signing), user_id, keys.master
        ),
        "user_signing_key": sign_json(
            key_object(user_id, "user_signing", keys.user_signing), user_id, keys.master
        ),
    }


class CrossSigning:
    """Makes sure the bot's account has its cross-signing keys and its device is signed."""

    def __init__(self, client: AsyncClient, store_dir: Path, password: str | None) -> None:
        self.client = client
        self.store_dir = store_dir
        self._password = password

    async def ensure(self) -> None:
        """Upload the keys if the server has none, then sign this device if it is not.
        Raises CrossSigningError; network errors go to the caller."""
        keys, _ = load_or_create(self.store_dir)
        me = self.client.user_id
        query = await self._query()
        server_master = _first_key(query.get("master_keys", {}).get(me))
        ours = CrossSigningKeys.public(keys.master)
        if server_master is None:
            await self._upload_keys(upload_body(me, keys))
            log.info("cross-signing keys uploaded: master=%s", ours)
        elif server_master != ours:
            raise CrossSigningError(
                "the account has another master cross-signing key than the one kept in "
                f"{self.store_dir / KEYS_FILE}; reset it from a client, or restore the file"
            )
        device = query.get("device_keys", {}).get(me, {}).get(self.client.device_id)
        if device is None:
            raise CrossSigningError("the bot's device has no keys on the homeserver yet")
        ssk_id = f"ed25519:{CrossSigningKeys.public(keys.self_signing)}"
        if ssk_id in device.get("signatures", {}).get(me, {}):
            return
        unsigned = {k: v for k, v in device.items() if k not in ("signatures", "unsigned")}
        signed = sign_json(unsigned, me, keys.self_signing)
        await self._post(
            "/_matrix/client/v3/keys/signatures/upload", {me: {device["device_id"]: signed}}
        )
        log.info("device %s signed with the self-signing key", self.client.device_id)

    async def _query(self) -> dict[str, Any]:
        return await query_keys(self.client, [self.client.user_id])

    async def _upload_keys(self, body: dict[str, Any]) -> None:
        """First without auth (allowed when the account has no keys yet, MSC3967), then with
        the password if the server asks for user-interactive auth."""
        path = "/_matrix/client/v3/keys/device_signing/upload"
        status, answer = await post_json(self.client, path, body)
        if status == 401 and "session" in answer and self._password is not None:
            auth = {
                "type": "m.login.password",
                "identifier": {"type": "m.id.user", "user": self.client.user_id},
                "password": self._password,
                "session": answer["session"],
            }
            status, answer = await post_json(self.client, path, {**body, "auth": auth})
        if status != 200:
            raise CrossSigningError(
                f"cross-signing upload refused: {status} {answer.get('errcode')}"
            )

    async def _post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        status, answer = await post_json(self.client, path, body)
        if status != 200:
            raise CrossSigningError(f"{path} refused: {status} {answer.get('errcode')}")
        return answer


async def cross_sign(client: AsyncClient, loaded: LoadedConfig) -> None:
    """Sign the bot's device with the account's cross-signing keys (creating them on first
    start). Without it Element in "exclude insecure devices" mode ignores the bot, but
    everyone else still reads it: a failure is logged, not fatal."""
    password = loaded.secrets.password
    signer = CrossSigning(
        client, loaded.store_dir, password.get_secret_value() if password is not None else None
    )
    try:
        await signer.ensure()
    except CrossSigningError as err:
        log.error("cross-signing not set up: %s", err)
    except NETWORK_ERRORS as err:
        # Tried again at the next start.
        log.error("cross-signing not set up: network %s", type(err).__name__)


async def status_lines(client: AsyncClient, store_dir: Path) -> tuple[list[str], bool]:
    """What `mact keys status` prints, and whether the device is signed by the account's
    self-signing key, as any client would check it."""
    keys = await CrossSigning(client, store_dir, None)._query()
    me, device_id = client.user_id, client.device_id
    master = _first_key(keys.get("master_keys", {}).get(me))
    ssk = _first_key(keys.get("self_signing_keys", {}).get(me))
    # The whole chain, as a client checks it: device ← self-signing key ← master key.
    signed = device_id in signed_devices(keys, me)
    lines = [
        f"bot: {me}, device {device_id}",
        f"master key: {fingerprint(master) if master else 'none on the homeserver'}",
        f"self-signing key: {ssk or 'none on the homeserver'}",
        "device signed by the self-signing key: " + ("yes" if signed else "NO"),
        "To verify the bot from Element, compare the master key above with the one Element "
        "shows for this account (its profile, then Security).",
    ]
    return lines, signed


async def keys_status_cli(loaded: LoadedConfig) -> tuple[list[str], bool]:
    """`mact keys status`, with the bot's stored login (the bot may be running meanwhile)."""
    stored = load_stored(loaded.store_dir)
    if stored is None:
        return [f"no stored login in {loaded.store_dir}: start the bot once first"], False
    client = AsyncClient(loaded.config.bot.homeserver, stored.user_id)
    client.user_id, client.device_id = stored.user_id, stored.device_id
    client.access_token = stored.access_token
    try:
        return await status_lines(client, loaded.store_dir)
    finally:
        await client.close()


def _first_key(key_object: dict[str, Any] | None) -> str | None:
    if not key_object:
        return None
    keys = list((key_object.get("keys") or {}).values())
    return str(keys[0]) if keys else None


def fingerprint(public_key: str) -> str:
    """The master key as people compare it: groups of four characters."""
    return " ".join(public_key[i : i + 4] for i in range(0, len(public_key), 4))
