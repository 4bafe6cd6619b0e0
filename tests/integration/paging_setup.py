"""A three-agency coalition of real test users, with windows of a few seconds."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.local_homeserver import LocalSynapse
from tests.conftest import People
from tests.helpers.bot_harness import BotHarness, unique
from tests.helpers.matrix_user import MatrixUser, Received


@dataclass
class Coalition:
    harness: BotHarness
    room_id: str
    users: dict[str, MatrixUser]

    def __getattr__(self, name: str) -> MatrixUser:
        try:
            return self.users[name]
        except KeyError:
            raise AttributeError(name) from None

    def uid(self, name: str) -> str:
        return self.users[name].user_id

    def shown(self, name: str) -> str:
        """How MACT's messages name the user: contact points by their name, others by id."""
        return CONTACT_NAMES.get(name, self.uid(name))


CONTACT_NAMES = {
    "s1": "Shelter One",
    "s2": "Shelter Two",
    "h1": "Hosp One",
    "h2": "Hosp Two",
    "p1": "Police One",
    "legal": "Legal One",
}


def contact(user: MatrixUser, name: str) -> dict[str, str]:
    return {"name": name, "role": "Staff", "matrix_id": user.user_id}


def coalition_config(
    u: dict[str, MatrixUser],
    alias: str,
    windows: dict[str, str],
    protocol: dict[str, Any] | None = None,
) -> Any:
    def mutate(raw: dict[str, Any]) -> None:
        raw["agencies"] = [
            {
                "code": "SHELTER",
                "name": "Harbor House",
                "kind": "shelter",
                "after_hours": "line",
                "primary": contact(u["s1"], "Shelter One"),
                "backup": contact(u["s2"], "Shelter Two"),
            },
            {
                "code": "HOSP",
                "name": "St. Brigid SW",
                "kind": "hospital",
                "after_hours": "operator",
                "primary": contact(u["h1"], "Hosp One"),
                "backup": contact(u["h2"], "Hosp Two"),
                "escalation": [u["h3"].user_id],
            },
            {
                "code": "PD",
                "name": "PD DV unit",
                "kind": "police",
                "after_hours": "watch",
                "primary": contact(u["p1"], "Police One"),
            },
            {
                "code": "LEGAL",
                "name": "Legal aid",
                "kind": "legal",
                "after_hours": "none",
                "primary": contact(u["legal"], "Legal One"),
            },
        ]
        raw["roster"] = [
            {"matrix_id": u["front"].user_id, "agency": "SHELTER", "role": "frontline"},
            {"matrix_id": u["coord"].user_id, "agency": "SHELTER", "role": "coordinator"},
            {"matrix_id": u["h3"].user_id, "agency": "HOSP", "role": "supervisor"},
            {"matrix_id": u["legal"].user_id, "agency": "LEGAL", "role": "frontline"},
            {"matrix_id": u["admin"].user_id, "agency": "LEGAL", "role": "admin"},
        ]
        raw["protocols"] = [
            {
                "id": "drill",
                "title": "Integration drill",
                "version": 1,
                "default_lead": "SHELTER",
                "may_activate": ["frontline", "supervisor", "coordinator"],
                "criteria": [
                    {"code": "LETHALITY", "description": "high lethality screen"},
                    {"code": "MEDICAL", "description": "injury", "lead": "HOSP"},
                ],
                "sequence": [
                    {"agency": "SHELTER", "ack_window": windows.get("SHELTER", "3s")},
                    {
                        "agency": "HOSP",
                        "after": "previous_ack",
                        "ack_window": windows.get("HOSP", "2s"),
                    },
                    {
                        "agency": "PD",
                        "after": "previous_ack",
                        "ack_window": windows.get("PD", "2s"),
                        "on_no_ack": "notice",
                    },
                ],
                "communication": {"room": alias},
                **(protocol or {}),
            }
        ]

    return mutate


NAMES = ("front", "coord", "admin", "s1", "s2", "h1", "h2", "h3", "p1", "legal")


async def build(
    synapse: LocalSynapse,
    people: People,
    tmp: Path,
    windows: dict[str, str] | None = None,
    *,
    process: bool = False,
    protocol: dict[str, Any] | None = None,
    extra: Callable[[dict[str, Any]], None] | None = None,
) -> Coalition:
    """`extra` changes the configuration further (after the coalition is written in)."""
    users = {n: await people.new(n) for n in NAMES}
    for n in ("s1", "s2", "h1", "h2", "h3", "p1"):
        users[n].auto_join = True
    alias_local = unique("huddle")
    alias = f"#{alias_local}:{synapse.server_name}"
    harness = BotHarness(
        synapse,
        tmp,
        roster=[],
        rooms=[alias],
        mutate=_then(coalition_config(users, alias, windows or {}, protocol), extra),
    )
    if process:
        harness.start_process()
        harness.wait_process_log("ready:")
    else:
        await harness.start()
    room_id = await users["front"].create_room(
        invite=[
            harness.user_id,
            users["coord"].user_id,
            users["admin"].user_id,
            users["legal"].user_id,
        ],
        alias=alias_local,
    )
    for n in ("coord", "admin", "legal"):
        await users[n].join(room_id)
    for n in ("front", "coord", "admin", "legal"):
        await users[n].wait_knows_devices_of(harness.user_id, room_id)
    return Coalition(harness, room_id, users)


def _then(
    first: Callable[[dict[str, Any]], None], more: Callable[[dict[str, Any]], None] | None
) -> Callable[[dict[str, Any]], None]:
    def both(raw: dict[str, Any]) -> None:
        first(raw)
        if more is not None:
            more(raw)

    return both


def in_thread(root: str):  # type: ignore[no-untyped-def]
    def pred(r: Received) -> bool:
        rel = r.content.get("m.relates_to") or {}
        return rel.get("rel_type") == "m.thread" and rel.get("event_id") == root

    return pred


def is_page(r: Received) -> bool:
    return r.body.startswith("MACT page for ")


def is_edit_of(r: Received, event_id: str) -> bool:
    rel = r.content.get("m.relates_to") or {}
    return rel.get("rel_type") == "m.replace" and rel.get("event_id") == event_id


async def activate_by(c: Coalition, user: MatrixUser, body: str) -> tuple[str, str]:
    """Send an !activate that should succeed; returns (event id, huddle thread root)."""
    before = len(user.received)
    await user.send(c.room_id, body)
    notice = await user.wait_for(
        lambda r: r.body.startswith("🚨 Crisis coordination event "),
        after=before,
        what="activation notice",
    )
    event_id = notice.body.split()[4]
    return event_id, notice.event_id
