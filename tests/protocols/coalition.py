"""A small three-agency coalition for unit tests of the core."""

from __future__ import annotations

import copy
from typing import Any

from protocols.config.checks import parse_config
from protocols.config.schema import MactConfig


def contact(name: str) -> dict[str, str]:
    return {"name": name.title(), "role": "Staff", "matrix_id": f"@{name}:hs"}


BASE: dict[str, Any] = {
    "bot": {"homeserver": "http://127.0.0.1:1", "user_id": "@bot:hs", "password_env": "X"},
    "coalition": {
        "name": "Test",
        "timezone": "America/Chicago",
        "coordination_rooms": ["#coord:hs"],
    },
    "agencies": [
        {
            "code": "SHELTER",
            "name": "Shelter",
            "kind": "shelter",
            "after_hours": "on-call",
            "primary": contact("s1"),
            "backup": contact("s2"),
            "escalation": ["@s3:hs"],
        },
        {
            "code": "HOSP",
            "name": "Hospital",
            "kind": "hospital",
            "after_hours": "operator",
            "primary": contact("h1"),
            "backup": contact("h2"),
            "escalation": ["@h3:hs", "@h4:hs"],
            "timezone": "America/Chicago",
            "business_hours": {
                "days": ["mon", "tue", "wed", "thu", "fri"],
                "start": "08:00",
                "end": "17:00",
            },
            "holidays": {"country": "US", "subdivision": "TX"},
            "after_hours_contact": contact("hnight"),
        },
        {
            "code": "PD",
            "name": "Police",
            "kind": "police",
            "after_hours": "watch commander",
            "primary": contact("p1"),
            "backup": contact("p2"),
        },
    ],
    "roster": [
        {"matrix_id": "@s3:hs", "agency": "SHELTER", "role": "supervisor"},
        {"matrix_id": "@h3:hs", "agency": "HOSP", "role": "supervisor"},
        {"matrix_id": "@h4:hs", "agency": "HOSP", "role": "leadership"},
        {"matrix_id": "@front:hs", "agency": "SHELTER", "role": "frontline"},
        {"matrix_id": "@coord:hs", "agency": "SHELTER", "role": "coordinator"},
    ],
    "protocols": [
        {
            "id": "high-risk",
            "title": "High risk",
            "version": 2,
            "default_lead": "SHELTER",
            "criteria": [
                {"code": "LETHALITY", "description": "high lethality screen"},
                {"code": "MEDICAL", "description": "injury", "lead": "HOSP"},
            ],
            "sequence": [
                {"agency": "SHELTER", "ack_window": "5m"},
                {"agency": "HOSP", "after": "previous_ack", "ack_window": "10m"},
                {
                    "agency": "PD",
                    "after": "activation",
                    "offset": "2m",
                    "ack_window": "5m",
                    "on_no_ack": "notice",
                },
            ],
            "communication": {"room": "#coord:hs"},
        },
    ],
}


def raw(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    data.update(changes)
    return data


def config(data: dict[str, Any] | None = None) -> MactConfig:
    cfg, problems = parse_config(data if data is not None else raw())
    assert cfg is not None, problems
    return cfg
