"""Validating a decoded configuration: every problem, each named by its key path.

Field errors come from pydantic (made readable); cross-references (roster to agencies,
protocols to agencies and rooms, escalation paths to the roster) are checked here.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from protocols.config.schema import MactConfig
from protocols.data import requirements


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
    problems += _check_agencies(cfg)
    problems += _check_protocols(cfg)
    problems += _check_dictionary(cfg)
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


def _check_dictionary(cfg: MactConfig) -> list[ConfigProblem]:
    if cfg.dictionary is None:
        return []
    kinds = [a.kind.value for a in cfg.agencies]
    return [
        ConfigProblem(f"dictionary.{path}", message)
        for path, message in requirements.problems(cfg.dictionary, kinds)
    ]


def _check_agencies(cfg: MactConfig) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    for i, agency in enumerate(cfg.agencies):
        at = f"agencies[{i}]"
        if agency.business_hours is not None and agency.after_hours_contact is None:
            problems.append(
                ConfigProblem(
                    f"{at}.after_hours_contact",
                    "required when business_hours are set (who is paged out of hours?)",
                )
            )
        for j, user in enumerate(agency.escalation):
            entry = cfg.roster_entry(user)
            if entry is None:
                problems.append(
                    ConfigProblem(f"{at}.escalation[{j}]", f"'{user}' is not on the roster")
                )
            elif entry.agency != agency.code:
                problems.append(
                    ConfigProblem(
                        f"{at}.escalation[{j}]",
                        f"'{user}' is on the roster for {entry.agency}, not {agency.code}",
                    )
                )
    return problems


def _check_protocols(cfg: MactConfig) -> list[ConfigProblem]:
    problems: list[ConfigProblem] = []
    known = {a.code for a in cfg.agencies}
    seen: set[str] = set()
    for i, proto in enumerate(cfg.protocols):
        at = f"protocols[{i}]"
        if proto.id in seen:
            problems.append(ConfigProblem(f"{at}.id", f"duplicate protocol id '{proto.id}'"))
        seen.add(proto.id)
        in_sequence = [s.agency for s in proto.sequence]
        for j, step in enumerate(proto.sequence):
            if step.agency not in known:
                problems.append(
                    ConfigProblem(f"{at}.sequence[{j}].agency", f"unknown agency '{step.agency}'")
                )
            if step.agency in in_sequence[:j]:
                problems.append(
                    ConfigProblem(
                        f"{at}.sequence[{j}].agency", f"'{step.agency}' is in the sequence twice"
                    )
                )
        if proto.sequence[0].after == "previous_ack":
            problems.append(
                ConfigProblem(f"{at}.sequence[0].after", "the first step has no previous step")
            )
        leads = [("default_lead", proto.default_lead)] + [
            (f"criteria[{k}].lead", c.lead) for k, c in enumerate(proto.criteria) if c.lead
        ]
        for key, lead in leads:
            if lead not in known:
                problems.append(ConfigProblem(f"{at}.{key}", f"unknown agency '{lead}'"))
            elif lead not in in_sequence:
                problems.append(
                    ConfigProblem(
                        f"{at}.{key}", f"lead agency '{lead}' is not in the notification sequence"
                    )
                )
        codes = [c.code for c in proto.criteria]
        for k, code in enumerate(codes):
            if code in codes[:k]:
                problems.append(
                    ConfigProblem(f"{at}.criteria[{k}].code", f"duplicate criterion '{code}'")
                )
        if proto.communication.room not in cfg.coalition.coordination_rooms:
            problems.append(
                ConfigProblem(
                    f"{at}.communication.room",
                    f"'{proto.communication.room}' is not in coalition.coordination_rooms",
                )
            )
        if not cfg.users_with_role(proto.coordinator_role):
            problems.append(
                ConfigProblem(
                    f"{at}.coordinator_role",
                    f"nobody on the roster has the role '{proto.coordinator_role.value}'",
                )
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
            elif e["type"] == "too_short":
                least = (e.get("ctx") or {}).get("min_length", 1)
                msg = "must not be empty" if least == 1 else f"needs at least {least} entries"
            problems.append(ConfigProblem(_path(tuple(e["loc"])), msg))
        return None, problems
    problems = _cross_check(cfg)
    return (None if problems else cfg), problems
