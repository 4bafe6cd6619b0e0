"""Directory reachability: does each contact exist, and has it a device that can decrypt?"""

from __future__ import annotations

import json
import logging
import urllib.parse
from typing import Any

import aiohttp

from protocols.config.schema import MactConfig
from protocols.ids import server_of

log = logging.getLogger(__name__)

NO_ACCOUNT = "does not exist on the homeserver"
NO_DEVICE = "has no E2EE device, so it can never read a page"
# What the bot's homeserver answers when it could not reach the user's server.
_GATEWAY_ERRORS = (502, 503, 504)


class DirectoryChecker:
    """Implements commands.directory.ReachabilityChecker over the client-server API."""

    def __init__(self, client: Any, config: MactConfig) -> None:
        self._client = client
        self.config = config

    async def problems(self, users: list[str]) -> dict[str, str]:
        return await check_users(self.config.bot.homeserver, self._client.access_token, users)


async def check_users(homeserver: str, token: str, users: list[str]) -> dict[str, str]:
    """{user id: problem} for every user that does not exist, has no E2EE device, or is on
    a server that did not answer (whose users cannot be judged either way)."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    problems: dict[str, str] = {}
    unique = sorted(set(users))
    down: set[str] = set()
    async with aiohttp.ClientSession(homeserver, headers=headers) as http:
        for user in unique:
            if server_of(user) in down:
                problems[user] = unreachable(server_of(user))
                continue
            path = f"/_matrix/client/v3/profile/{urllib.parse.quote(user)}"
            async with http.get(path) as resp:
                if resp.status == 404:
                    problems[user] = NO_ACCOUNT
                elif resp.status in _GATEWAY_ERRORS:
                    # The homeserver could not ask the user's (remote) server.
                    down.add(server_of(user))
                    problems[user] = unreachable(server_of(user))
                elif resp.status != 200:
                    problems[user] = f"could not be checked (HTTP {resp.status})"
        to_query = [u for u in unique if u not in problems]
        if to_query:
            body = json.dumps({"device_keys": {u: [] for u in to_query}})
            async with http.post("/_matrix/client/v3/keys/query", data=body) as resp:
                answer = (await resp.json()) if resp.status == 200 else {}
            keys = answer.get("device_keys", {})
            # Servers that did not answer are named in `failures`: their users' devices are
            # unknown, not absent.
            failed = set(answer.get("failures", {}))
            for user in to_query:
                if server_of(user) in failed:
                    problems[user] = unreachable(server_of(user))
                elif not keys.get(user):
                    problems[user] = NO_DEVICE
    log.info("directory check: users=%d problems=%d", len(unique), len(problems))
    return problems


def unreachable(server: str) -> str:
    return f"server unreachable: its homeserver {server} did not answer, so it cannot be checked"


async def _token_for_check(loaded: Any) -> tuple[str, bool]:
    """(access token, whether it is a temporary login to log out after).

    Uses the bot's stored login when there is one: plain HTTPS calls, no E2EE store is
    opened, so a running bot is not disturbed.
    """
    login_file = loaded.store_dir / "login.json"
    if login_file.exists():
        return str(json.loads(login_file.read_text(encoding="utf-8"))["access_token"]), False
    if loaded.secrets.access_token is not None:
        return loaded.secrets.access_token.get_secret_value(), False
    if loaded.secrets.password is None:
        raise RuntimeError("no stored login, access token or password to check with")
    body = json.dumps(
        {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": loaded.config.bot.user_id},
            "password": loaded.secrets.password.get_secret_value(),
            "initial_device_display_name": "mact directory check (temporary)",
        }
    )
    async with (
        aiohttp.ClientSession(loaded.config.bot.homeserver) as http,
        http.post(
            "/_matrix/client/v3/login", data=body, headers={"Content-Type": "application/json"}
        ) as resp,
    ):
        if resp.status != 200:
            raise RuntimeError(f"login failed: HTTP {resp.status}")
        return str((await resp.json())["access_token"]), True


async def directory_check_cli(loaded: Any) -> list[str]:
    """The report `mact directory check` prints: one line per unreachable contact."""
    from protocols.directory import pageable_contacts, unreachable_report

    token, temporary = await _token_for_check(loaded)
    try:
        entries = pageable_contacts(loaded.config)
        problems = await check_users(
            loaded.config.bot.homeserver, token, [e.matrix_id for e in entries]
        )
        return unreachable_report(entries, problems)
    finally:
        if temporary:
            async with aiohttp.ClientSession(loaded.config.bot.homeserver) as http:
                await http.post(
                    "/_matrix/client/v3/logout", headers={"Authorization": f"Bearer {token}"}
                )
