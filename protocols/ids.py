"""Typed identifiers, so a room id is never passed where a user id belongs."""

from __future__ import annotations

import re
from typing import NewType

UserId = NewType("UserId", str)
RoomId = NewType("RoomId", str)
EventId = NewType("EventId", str)
AgencyCode = NewType("AgencyCode", str)

# The Matrix spec's historical user-id grammar is wider than this; we accept the
# modern localpart set plus '=' and '/', which Synapse still issues for bridged users.
_USER_ID = re.compile(r"^@[a-z0-9._=\-/+]+:[A-Za-z0-9.\-]+(:[0-9]{1,5})?$")
_ROOM_ID = re.compile(r"^![A-Za-z0-9._~\-]+(:[A-Za-z0-9.\-]+(:[0-9]{1,5})?)?$")
_ROOM_ALIAS = re.compile(r"^#[^:\s]+:[A-Za-z0-9.\-]+(:[0-9]{1,5})?$")


def server_of(matrix_id: str) -> str:
    """The server name of a user id or an old-style room id ('@a:hs:8448' → 'hs:8448'),
    or '' for a room id of room version 12 and later, which has none."""
    _, sep, server = matrix_id.partition(":")
    return server if sep else ""


def is_user_id(value: str) -> bool:
    return bool(_USER_ID.match(value))


def is_room_id_or_alias(value: str) -> bool:
    return bool(_ROOM_ID.match(value) or _ROOM_ALIAS.match(value))


def is_room_alias(value: str) -> bool:
    return bool(_ROOM_ALIAS.match(value))
