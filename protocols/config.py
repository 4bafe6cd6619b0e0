"""The coalition's configuration schema, validated once at start-up.

The schema lives in the core because agencies, roster and (later) crisis protocols *are*
the domain: the core's decisions are functions of them. Loading the TOML file and
resolving secrets is I/O and lives in `bot/config_loader.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from .ids import AgencyCode, UserId, is_room_id_or_alias, is_user_id
from .roles import Role


def _matrix_user_id(value: str) -> str:
    if not is_user_id(value):
        raise ValueError(f"'{value}' is not a Matrix user id (expected @name:server)")
    return value


def _room(value: str) -> str:
    if not is_room_id_or_alias(value):
        raise ValueError(f"'{value}' is not a room id (!id:server) or alias (#name:server)")
    return value


def _timezone(value: str) -> str:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"unknown timezone '{value}' (use an IANA name such as Europe/Berlin)"
        ) from None
    return value


MatrixUserId = Annotated[str, AfterValidator(_matrix_user_id)]
RoomRef = Annotated[str, AfterValidator(_room)]
TimezoneName = Annotated[str, AfterValidator(_timezone)]
Code = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9\-]{1,23}$")]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class BotSettings(_Frozen):
    """How the bot reaches its homeserver. Secrets are named here, never stored here."""

    homeserver: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/.*)?$")]
    user_id: MatrixUserId
    device_name: str = "MACT bot"
    password_env: str | None = None
    password_file: str | None = None
    access_token_env: str | None = None
    access_token_file: str | None = None
    data_dir: str = "./mact-data"
    # None: <data_dir>/crypto-store. Holds the E2EE keys and the login; keep it private.
    store_dir: str | None = None
    # None: sqlite+aiosqlite:///<data_dir>/mact.db
    storage_url: str | None = None
    command_prefix: Annotated[str, Field(min_length=1, max_length=3)] = "!"
    # Long-poll timeout of /sync in milliseconds.
    sync_timeout_ms: Annotated[int, Field(ge=1000, le=120000)] = 30000

    @field_validator("password_env", "access_token_env")
    @classmethod
    def _env_name(cls, value: str | None) -> str | None:
        if value is not None and not value.replace("_", "").isalnum():
            raise ValueError(f"'{value}' is not an environment variable name")
        return value


class CoalitionSettings(_Frozen):
    name: Annotated[str, Field(min_length=1)]
    timezone: TimezoneName
    # The allow-list: the bot answers only in these rooms (ids or aliases).
    coordination_rooms: Annotated[tuple[RoomRef, ...], Field(min_length=1)]


class AgencyKind(StrEnum):
    SHELTER = "shelter"
    HOSPITAL = "hospital"
    LEGAL = "legal"
    POLICE = "police"
    HOTLINE = "hotline"
    ADVOCACY = "advocacy"
    COURT = "court"
    CHILD_WELFARE = "child_welfare"
    OTHER = "other"


class Program(_Frozen):
    code: Code
    name: Annotated[str, Field(min_length=1)]


class ContactPoint(_Frozen):
    """A staff contact point. Staff contact data is the only personal data MACT holds."""

    name: Annotated[str, Field(min_length=1)]
    role: Annotated[str, Field(min_length=1)]
    matrix_id: MatrixUserId
    phone: str | None = None
    secure_email: str | None = None


class Agency(_Frozen):
    code: Code
    name: Annotated[str, Field(min_length=1)]
    kind: AgencyKind
    programs: tuple[Program, ...] = ()
    primary: ContactPoint
    backup: ContactPoint | None = None
    # How this agency is reached outside business hours, in the agency's own words.
    after_hours: Annotated[str, Field(min_length=1)]


class RosterEntry(_Frozen):
    matrix_id: MatrixUserId
    agency: Code
    role: Role


class MactConfig(_Frozen):
    bot: BotSettings
    coalition: CoalitionSettings
    agencies: Annotated[tuple[Agency, ...], Field(min_length=1)]
    roster: Annotated[tuple[RosterEntry, ...], Field(min_length=1)]

    def agency(self, code: str) -> Agency | None:
        return next((a for a in self.agencies if a.code == code), None)

    def roster_entry(self, user_id: str) -> RosterEntry | None:
        return next((r for r in self.roster if r.matrix_id == user_id), None)

    @property
    def agency_codes(self) -> tuple[AgencyCode, ...]:
        return tuple(AgencyCode(a.code) for a in self.agencies)


@dataclass(frozen=True, slots=True)
class ConfigProblem:
    """One problem in a configuration: `path` is a dotted key path such as roster[2].agency."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


def _path(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out or "(top level)"


def _cross_check(cfg: MactConfig) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    seen_codes: dict[str, int] = {}
    for i, agency in enumerate(cfg.agencies):
        if agency.code in seen_codes:
            problems.append(
                ConfigProblem(f"agencies[{i}].code", f"duplicate agency code '{agency.code}'")
            )
        seen_codes.setdefault(agency.code, i)
        program_codes = [p.code for p in agency.programs]
        for j, code in enumerate(program_codes):
            if code in program_codes[:j]:
                problems.append(
                    ConfigProblem(
                        f"agencies[{i}].programs[{j}].code", f"duplicate program '{code}'"
                    )
                )
    seen_ids: dict[str, int] = {}
    for i, entry in enumerate(cfg.roster):
        if entry.agency not in seen_codes:
            problems.append(
                ConfigProblem(
                    f"roster[{i}].agency",
                    f"unknown agency code '{entry.agency}' (known: {', '.join(seen_codes)})",
                )
            )
        if entry.matrix_id in seen_ids:
            problems.append(
                ConfigProblem(
                    f"roster[{i}].matrix_id",
                    f"duplicate Matrix id '{entry.matrix_id}' "
                    f"(also roster[{seen_ids[entry.matrix_id]}])",
                )
            )
        seen_ids.setdefault(entry.matrix_id, i)
        if entry.matrix_id == cfg.bot.user_id:
            problems.append(
                ConfigProblem(
                    f"roster[{i}].matrix_id", "the bot's own account cannot be on the roster"
                )
            )
    bot = cfg.bot
    if not (bot.password_env or bot.password_file or bot.access_token_env or bot.access_token_file):
        problems.append(
            ConfigProblem(
                "bot",
                "no secret named: set password_env or password_file "
                "(or access_token_env / access_token_file)",
            )
        )
    if bot.password_env and bot.password_file:
        problems.append(
            ConfigProblem("bot.password_file", "give password_env or password_file, not both")
        )
    return problems


def parse_config(raw: dict[str, object]) -> tuple[MactConfig | None, list[ConfigProblem]]:
    """Validate a decoded TOML document.

    Returns the frozen config and an empty list, or None and every problem found
    (pydantic's field errors first, then cross-reference checks).
    """
    try:
        cfg = MactConfig.model_validate(raw)
    except ValidationError as err:
        problems = []
        for e in err.errors():
            msg = e["msg"].removeprefix("Value error, ")
            if e["type"] == "missing":
                msg = "required key is missing"
            elif e["type"] == "extra_forbidden":
                msg = "unknown key"
            problems.append(ConfigProblem(_path(tuple(e["loc"])), msg))
        return None, problems
    problems = _cross_check(cfg)
    return (None if problems else cfg), problems


def user_ids_of(cfg: MactConfig) -> frozenset[UserId]:
    return frozenset(UserId(r.matrix_id) for r in cfg.roster)
