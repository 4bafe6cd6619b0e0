"""Reading the TOML file and the secrets it names; the schema is in `protocols.config.schema`."""

from __future__ import annotations

import os
import stat
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from protocols.config.checks import ConfigProblem, parse_config
from protocols.config.schema import MactConfig


@dataclass(frozen=True)
class BotSecrets:
    password: SecretStr | None
    access_token: SecretStr | None


@dataclass(frozen=True)
class LoadedConfig:
    config: MactConfig
    secrets: BotSecrets
    # Paths resolved against the config file's folder.
    data_dir: Path
    store_dir: Path
    storage_url: str


class ConfigError(Exception):
    def __init__(self, problems: list[ConfigProblem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def _read_secret_file(path: Path, key: str) -> tuple[str | None, ConfigProblem | None]:
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        return None, ConfigProblem(key, f"secret file {path} does not exist")
    if stat.S_IMODE(mode) & 0o077:
        return None, ConfigProblem(
            key,
            f"secret file {path} is readable by others (mode {stat.S_IMODE(mode):o}; chmod 600)",
        )
    value = path.read_text(encoding="utf-8").strip()
    if not value:
        return None, ConfigProblem(key, f"secret file {path} is empty")
    return value, None


def _read_secret_env(name: str, key: str) -> tuple[str | None, ConfigProblem | None]:
    value = os.environ.get(name)
    if not value:
        return None, ConfigProblem(key, f"environment variable {name} is not set")
    return value, None


def resolve_secrets(cfg: MactConfig, base: Path) -> tuple[BotSecrets, list[ConfigProblem]]:
    problems: list[ConfigProblem] = []
    found: dict[str, str | None] = {"password": None, "access_token": None}
    for kind in ("password", "access_token"):
        env_name = getattr(cfg.bot, f"{kind}_env")
        file_name = getattr(cfg.bot, f"{kind}_file")
        value: str | None = None
        problem: ConfigProblem | None = None
        if env_name:
            value, problem = _read_secret_env(env_name, f"bot.{kind}_env")
        elif file_name:
            value, problem = _read_secret_file(base / file_name, f"bot.{kind}_file")
        found[kind] = value
        if problem:
            problems.append(problem)
    secrets = BotSecrets(
        password=SecretStr(found["password"]) if found["password"] else None,
        access_token=SecretStr(found["access_token"]) if found["access_token"] else None,
    )
    return secrets, problems


def _toml(path: Path) -> tuple[dict[str, Any] | None, ConfigProblem | None]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8")), None
    except FileNotFoundError:
        return None, ConfigProblem(str(path), "file not found")
    except tomllib.TOMLDecodeError as err:
        return None, ConfigProblem(str(path), f"not valid TOML: {err}")


def read_raw(path: Path) -> tuple[dict[str, Any] | None, list[ConfigProblem]]:
    """The configuration file decoded, with the data dictionary it names (`[data]
    dictionary`, relative to the file's folder) read in under `dictionary`."""
    raw, problem = _toml(path)
    if raw is None:
        return None, [problem] if problem else []
    name = (raw.get("data") or {}).get("dictionary")
    if isinstance(name, str):
        dictionary, problem = _toml(path.resolve().parent / name)
        if dictionary is None:
            return None, [ConfigProblem("data.dictionary", str(problem))]
        raw = {**raw, "dictionary": dictionary}
    return raw, []


def _in_dictionary_file(problem: ConfigProblem, raw: dict[str, Any]) -> ConfigProblem:
    """A problem inside the dictionary, named by its file and its own key path."""
    if problem.path == "dictionary" or problem.path.startswith("dictionary."):
        where = problem.path.removeprefix("dictionary").lstrip(".") or "(top level)"
        return ConfigProblem(f"{raw['data']['dictionary']}: {where}", problem.message)
    return problem


def load_config(
    path: Path, *, check_secrets: bool = True
) -> tuple[LoadedConfig | None, list[ConfigProblem]]:
    """Load and validate `path`. Returns the loaded config, or None and every problem."""
    raw, problems = read_raw(path)
    if raw is None:
        return None, problems
    cfg, problems = parse_config(raw)
    problems = [_in_dictionary_file(p, raw) for p in problems]
    if cfg is None or problems:
        return None, problems
    base = path.resolve().parent
    secrets, secret_problems = (
        resolve_secrets(cfg, base) if check_secrets else (BotSecrets(None, None), [])
    )
    if secret_problems:
        return None, secret_problems
    data_dir = (base / cfg.bot.data_dir).resolve()
    store_dir = (
        (base / cfg.bot.store_dir).resolve() if cfg.bot.store_dir else data_dir / "crypto-store"
    )
    storage_url = cfg.bot.storage_url or f"sqlite+aiosqlite:///{data_dir / 'mact.db'}"
    return LoadedConfig(cfg, secrets, data_dir, store_dir, storage_url), []


def load_config_or_raise(path: Path) -> LoadedConfig:
    loaded, problems = load_config(path)
    if loaded is None:
        raise ConfigError(problems)
    return loaded
