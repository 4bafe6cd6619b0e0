"""Directory reachability: does each contact exist, and has it a device that can decrypt?"""

from __future__ import annotations

import json
import logging
import urllib.parse
from typing import Any

import aiohttp

from protocols.config import MactConfig

log = logging.getLogger(__name__)

NO_ACCOUNT = "does not exist on the homeserver"
NO_DEVICE = "has no E2EE device, so it can never read a page"


class DirectoryChecker:
    """Implements commands.directory.ReachabilityChecker over the client-server API."""

    def __init__(self, client: Any, config: MactConfig) -> None:
        self._client = client
        self.config = config

    async def problems(self, users: list[str]) -> dict[str, str]:
        return await check_users(self.config.bot.homeserver, self._client.access_token, users)


async def check_users(homeserver: str, token: str, users: list[str]) -> dict[str, str]:
    """{user id: problem} for every user that does not exist or has no E2EE device."""
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    problems: dict[str, str] = {}
    unique = sorted(set(users))
    async with aiohttp.ClientSession(homeserver, headers=headers) as http:
        for user in unique:
            path = f"/_matrix/client/v3/profile/{urllib.parse.quote(user)}"
            async with http.get(path) as resp:
                if resp.status == 404:
                    problems[user] = NO_ACCOUNT
                elif resp.status != 200:
                    problems[user] = f"could not be checked (HTTP {resp.status})"
        to_query = [u for u in unique if u not in problems]
        if to_query:
            body = json.dumps({"device_keys": {u: [] for u in to_query}})
            async with http.post("/_matrix/client/v3/keys/query", data=body) as resp:
                keys = (await resp.json()).get("device_keys", {}) if resp.status == 200 else {}
            for user in to_query:
                if not keys.get(user):
                    problems[user] = NO_DEVICE
    log.info("directory check: users=%d problems=%d", len(unique), len(problems))
    return problems
