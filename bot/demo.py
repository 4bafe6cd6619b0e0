"""`mact demo`: a whole coalition on one machine, with nothing external.

Starts a local Synapse under the data directory, registers the bot and every roster and
contact-point user with generated passwords (kept in a 0600 file), creates the encrypted
coordination room with everyone invited, and runs the bot until Ctrl-C. A second run
reuses the same data.
"""

from __future__ import annotations

import asyncio
import json
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from protocols.config.checks import parse_config

from .app import Bot
from .config_loader import LoadedConfig, read_raw, resolve_secrets
from .demo_calendar import seed_calendar
from .local_homeserver import LocalSynapse, port_is_free
from .private_files import private_dir, write_private
from .runner import run_until_signalled

DEFAULT_EXAMPLE = Path(__file__).resolve().parents[1] / "config.example.toml"
PASSWORDS = "demo-passwords.txt"
BOT_PASSWORD = "bot.password"  # noqa: S105 - a file name


def _load_passwords(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    out: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("@"):
            user, password = line.split()
            out[user] = password
    return out


def _save_passwords(path: Path, passwords: dict[str, str]) -> None:
    lines = ["# MACT demo accounts: log in to the homeserver above with any of these."]
    lines += [f"{user} {pw}" for user, pw in sorted(passwords.items())]
    write_private(path, "\n".join(lines) + "\n")


def demo_users(raw: dict[str, Any]) -> list[str]:
    users: list[str] = [r["matrix_id"] for r in raw.get("roster", [])]
    for agency in raw.get("agencies", []):
        for key in ("primary", "backup", "after_hours_contact"):
            contact = agency.get(key)
            if isinstance(contact, dict) and "matrix_id" in contact:
                users.append(contact["matrix_id"])
        for user in agency.get("escalation", []):
            users.append(user)
    return sorted(set(users))


def _api(
    url: str, method: str, path: str, body: dict[str, Any] | None = None, token: str | None = None
) -> dict[str, Any]:
    req = urllib.request.Request(
        url + path, method=method, data=json.dumps(body).encode() if body is not None else None
    )
    req.add_header("Content-Type", "application/json")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as r:
        result: dict[str, Any] = json.loads(r.read() or b"{}")
        return result


def _login(url: str, user_id: str, password: str) -> str:
    resp = _api(
        url,
        "POST",
        "/_matrix/client/v3/login",
        {
            "type": "m.login.password",
            "identifier": {"type": "m.id.user", "user": user_id},
            "password": password,
            "initial_device_display_name": "mact demo set-up",
        },
    )
    return str(resp["access_token"])


def ensure_coordination_room(
    url: str, alias: str, creator: str, password: str, invite: list[str], name: str
) -> str:
    """Create the encrypted coordination room (once); returns its room id."""
    token = _login(url, creator, password)
    try:
        quoted = urllib.parse.quote(alias)
        return str(
            _api(url, "GET", f"/_matrix/client/v3/directory/room/{quoted}", token=token)["room_id"]
        )
    except urllib.error.HTTPError as err:
        if err.code != 404:
            raise
    localpart = alias[1:].split(":", 1)[0]
    resp = _api(
        url,
        "POST",
        "/_matrix/client/v3/createRoom",
        {
            "room_alias_name": localpart,
            "name": name,
            "topic": "Inter-agency crisis coordination (MACT). No client-identifying details here.",
            "preset": "private_chat",
            "invite": [u for u in invite if u != creator],
            "initial_state": [
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            ],
        },
        token=token,
    )
    return str(resp["room_id"])


def prepare(data_dir: Path, synapse: LocalSynapse, example: Path) -> LoadedConfig:
    """Register the demo's accounts and build its configuration. Needs a running Synapse."""
    found, problems = read_raw(example)
    if found is None:
        raise SystemExit("the example configuration is invalid:\n" + "\n".join(map(str, problems)))
    raw: dict[str, Any] = found
    bot_cfg = raw["bot"]
    bot_user: str = bot_cfg["user_id"]
    passwords_file = data_dir / PASSWORDS
    passwords = _load_passwords(passwords_file)
    for user in [bot_user, *demo_users(raw)]:
        if user not in passwords:
            localpart = user[1:].split(":", 1)[0]
            passwords[user] = synapse.register(localpart).password
            _save_passwords(passwords_file, passwords)
    write_private(data_dir / BOT_PASSWORD, passwords[bot_user])

    bot_cfg["homeserver"] = synapse.url
    for key in (
        "password_env",
        "access_token_env",
        "access_token_file",
        "store_dir",
        "storage_url",
    ):
        bot_cfg.pop(key, None)
    bot_cfg["password_file"] = str(data_dir / BOT_PASSWORD)
    bot_cfg["data_dir"] = str(data_dir / "bot")
    cfg, problems = parse_config(raw)
    if cfg is None:
        raise SystemExit("the example configuration is invalid:\n" + "\n".join(map(str, problems)))
    secrets, secret_problems = resolve_secrets(cfg, data_dir)
    if secret_problems:
        raise SystemExit("\n".join(map(str, secret_problems)))
    alias = next(r for r in cfg.coalition.coordination_rooms if r.startswith("#"))
    creator = next(r.matrix_id for r in cfg.roster if r.role.value in ("coordinator", "admin"))
    ensure_coordination_room(
        synapse.url,
        alias,
        creator,
        passwords[creator],
        [bot_user, *demo_users(raw)],
        cfg.coalition.name,
    )
    bot_dir = data_dir / "bot"
    return LoadedConfig(
        cfg,
        secrets,
        bot_dir,
        bot_dir / "crypto-store",
        f"sqlite+aiosqlite:///{bot_dir / 'mact.db'}",
    )


def run_demo(*, data_dir: Path, port: int | None, example: Path | None) -> int:
    data_dir = private_dir(data_dir.resolve())
    if port is None:
        port = 8008 if port_is_free(8008) else None
    synapse = LocalSynapse(data_dir / "synapse", port=port)
    print(f"Starting Synapse on {synapse.url} (files in {synapse.directory}) …", flush=True)
    synapse.start()
    try:
        loaded = prepare(data_dir, synapse, example or DEFAULT_EXAMPLE)
        bot = Bot(loaded)

        async def main() -> None:
            task = asyncio.ensure_future(run_until_signalled(bot))
            ready = asyncio.ensure_future(bot.ready.wait())
            await asyncio.wait({task, ready}, return_when=asyncio.FIRST_COMPLETED)
            if bot.ready.is_set():
                seeded = await seed_calendar(bot, bot.now())
                if seeded:
                    print(f"Scheduled for you to try: {', '.join(seeded)}", flush=True)
                rooms = ", ".join(loaded.config.coalition.coordination_rooms)
                print(
                    f"MACT demo is running.\n"
                    f"  Homeserver: {synapse.url}  (log in with any Matrix client)\n"
                    f"  Accounts and passwords: {data_dir / PASSWORDS}\n"
                    f"  Coordination room: {rooms} (accept the invite, then type !help)\n"
                    f"Press Ctrl-C to stop.",
                    flush=True,
                )
            await task

        asyncio.run(main())
    finally:
        synapse.stop()
        print("MACT demo stopped.", flush=True)
    return 0
