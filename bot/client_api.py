"""Client-server API calls nio has no method for, made with the bot's own session."""

from __future__ import annotations

import json
from typing import Any

from nio import AsyncClient


async def post_json(
    client: AsyncClient, path: str, body: dict[str, Any]
) -> tuple[int, dict[str, Any]]:
    """POST `body` to `path`; returns the status and the JSON answer ({} if it was none).
    Network errors go to the caller."""
    headers = {
        "Authorization": f"Bearer {client.access_token}",
        "Content-Type": "application/json",
    }
    resp = await client.send("POST", path, data=json.dumps(body), headers=headers)
    try:
        answer: dict[str, Any] = await resp.json()
    except Exception:
        answer = {}  # not JSON: a proxy's error page, say
    return resp.status, answer


async def query_keys(client: AsyncClient, users: list[str]) -> dict[str, Any]:
    """/keys/query for every device and cross-signing key of `users`. Raises
    ConnectionError (retried like the network) if the homeserver does not answer 200."""
    status, answer = await post_json(
        client, "/_matrix/client/v3/keys/query", {"device_keys": {u: [] for u in users}}
    )
    if status != 200:
        raise ConnectionError(f"keys/query answered {status}")
    return answer
