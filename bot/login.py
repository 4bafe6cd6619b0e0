"""Log in once, then restore: the device id, access token and E2EE store belong together.

Never `logout()`: it deletes the device and its keys, and the stale store would never
re-upload identity keys.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from dataclasses import dataclass
from pathlib import Path

from nio import AsyncClient, AsyncClientConfig, LoginResponse, WhoamiResponse

from .config_loader import LoadedConfig
from .homeserver_health import NETWORK_ERRORS, Backoff, HomeserverHealth
from .private_files import private_dir, read_or_create_secret, write_private

log = logging.getLogger(__name__)


class EncryptionUnavailable(RuntimeError):
    """The E2EE store did not load; sending now would leak plaintext, so we refuse to run."""


class LoginFailed(RuntimeError):
    """Neither the stored login nor the configured secret gave a session."""


@dataclass(frozen=True)
class StoredLogin:
    user_id: str
    device_id: str
    access_token: str


def _login_file(store_dir: Path) -> Path:
    return store_dir / "login.json"


def load_stored(store_dir: Path) -> StoredLogin | None:
    path = _login_file(store_dir)
    if not path.exists():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    return StoredLogin(data["user_id"], data["device_id"], data["access_token"])


def make_client(loaded: LoadedConfig) -> AsyncClient:
    store_dir = private_dir(loaded.store_dir)
    pickle_key = read_or_create_secret(store_dir / "pickle.key")
    config = AsyncClientConfig(
        encryption_enabled=True,
        # MACT keeps the sync token in its own database and advances it only after a
        # batch is handled: nio saves it *before* running callbacks, which loses events
        # on a crash.
        store_sync_tokens=False,
        pickle_key=pickle_key,
        max_limit_exceeded=10,
        # One quick retry inside nio, then the error reaches MACT, which retries with its
        # own capped backoff and logs an outage once (bot/homeserver_health.py).
        max_timeouts=1,
    )
    return AsyncClient(
        loaded.config.bot.homeserver,
        loaded.config.bot.user_id,
        store_path=str(store_dir),
        config=config,
    )


async def log_in(
    client: AsyncClient,
    loaded: LoadedConfig,
    health: HomeserverHealth,
    stopping: asyncio.Event,
) -> StoredLogin | None:
    """Restore the stored login, or log in with the configured secret on first start; an
    unreachable homeserver is waited for (capped backoff) until it answers. Returns None if
    `stopping` was set meanwhile.

    Raises LoginFailed, or EncryptionUnavailable if the Olm machine is not active after.
    """
    backoff = Backoff()
    while True:
        try:
            stored = await _log_in_once(client, loaded)
        except NETWORK_ERRORS as err:
            health.failed("login", err)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stopping.wait(), backoff.next())
            if stopping.is_set():
                return None
            continue
        health.reachable()
        return stored


async def _log_in_once(client: AsyncClient, loaded: LoadedConfig) -> StoredLogin:
    store_dir = loaded.store_dir
    stored = load_stored(store_dir)
    if stored is None:
        stored = await _first_login(client, loaded)
        write_private(_login_file(store_dir), json.dumps(stored.__dict__))
        log.info("logged in for the first time: device=%s", stored.device_id)
    else:
        log.info("restoring login: device=%s", stored.device_id)
    client.restore_login(stored.user_id, stored.device_id, stored.access_token)
    if client.olm is None:
        raise EncryptionUnavailable(
            f"the E2EE store in {store_dir} did not load; refusing to run without encryption"
        )
    if client.should_upload_keys:
        await client.keys_upload()
    return stored


async def _first_login(client: AsyncClient, loaded: LoadedConfig) -> StoredLogin:
    secrets = loaded.secrets
    bot = loaded.config.bot
    if secrets.password is not None:
        resp = await client.login(secrets.password.get_secret_value(), device_name=bot.device_name)
        if not isinstance(resp, LoginResponse):
            raise LoginFailed(
                f"login as {bot.user_id} failed: {getattr(resp, 'status_code', resp)}"
            )
        return StoredLogin(resp.user_id, resp.device_id, resp.access_token)
    if secrets.access_token is not None:
        client.access_token = secrets.access_token.get_secret_value()
        who = await client.whoami()
        if not isinstance(who, WhoamiResponse) or not who.device_id:
            raise LoginFailed("the configured access token is not valid or has no device")
        return StoredLogin(who.user_id, who.device_id, client.access_token)
    raise LoginFailed("no password or access token configured and no stored login")
