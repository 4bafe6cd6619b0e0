"""Thread links name a server that is in the room, on every room version."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from commands.paging.messages import thread_link
from protocols.ids import UserId, server_of
from protocols.paging.crisis import CrisisEvent, EventState, take_snapshot
from tests.protocols.coalition import config

T0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)


def event(room_id: str, root: str | None = "$root") -> CrisisEvent:
    cfg = config()
    return CrisisEvent(
        "CE-2026-0001", take_snapshot(cfg, cfg.protocols[0]), "LETHALITY", None, None,
        "SHELTER", UserId("@front:hs"), T0, room_id, root, EventState.ACTIVE,
    )  # fmt: skip


def test_a_room_version_12_id_gets_the_bots_server_as_via() -> None:
    # Synapse 1.163 makes room version 12 rooms: no ':server' in the id.
    link = thread_link(event("!-TgayQ3bV0c0"))
    assert link == "https://matrix.to/#/!-TgayQ3bV0c0/$root?via=hs"


def test_events_stored_before_the_server_was_kept_fall_back_sensibly() -> None:
    old = event("!abc:old.example")
    old = dataclasses.replace(old, snapshot=old.snapshot.model_copy(update={"server_name": ""}))
    assert thread_link(old).endswith("?via=old.example")
    v12 = event("!abc", root=None)
    v12 = dataclasses.replace(v12, snapshot=v12.snapshot.model_copy(update={"server_name": ""}))
    assert thread_link(v12) == "https://matrix.to/#/!abc?via=hs"


def test_server_names_with_ports_and_ipv6_literals() -> None:
    assert server_of("@mact:matrix.example.org:8448") == "matrix.example.org:8448"
    assert server_of("@mact:[::1]:8448") == "[::1]:8448"
    assert server_of("!abcdef") == ""
