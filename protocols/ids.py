"""Typed identifiers, so a room id is never passed where a user id belongs."""

from __future__ import annotations

import re
from typing import NewType
from urllib.parse import quote

UserId = NewType("UserId", str)
RoomId = NewType("RoomId", str)
EventId = NewType("EventId", str)
AgencyCode = NewType("AgencyCode", str)

# The Matrix spec's historical user-id grammar is wider than this; we accept the
# modern localpart set plus '=' and '/', which Synapse still issues for bridged users.
# A server name is a DNS name, an IPv4 address or a bracketed IPv6 literal, with an optional
# port: 'hs.example', '127.0.0.1:8448', '[::1]:8448' (agencies on their own servers).
_SERVER = r"(?:[A-Za-z0-9.\-]+|\[[0-9A-Fa-f:.]+\])(?::[0-9]{1,5})?"
_USER_ID = re.compile(rf"^@[a-z0-9._=\-/+]+:{_SERVER}$")
_ROOM_ID = re.compile(rf"^![A-Za-z0-9._~\-]+(?::{_SERVER})?$")
_ROOM_ALIAS = re.compile(rf"^#[^:\s]+:{_SERVER}$")


def server_of(matrix_id: str) -> str:
    """The server name of a user id or an old-style room id ('@a:hs:8448' → 'hs:8448'),
    or '' for a room id of room version 12 and later, which has none."""
    _, sep, server = matrix_id.partition(":")
    return server if sep else ""


def matrix_to(*ids: str, via: str = "") -> str:
    """A matrix.to link to a user, a room or an event in a room. Each id is percent-encoded
    where a URL needs it (an IPv6 server's brackets); `via` is a server in the room."""
    path = "/".join(quote(i, safe="@!$:") for i in ids)
    return f"https://matrix.to/#/{path}" + (f"?via={quote(via, safe=':')}" if via else "")


def is_user_id(value: str) -> bool:
    return bool(_USER_ID.match(value))


def is_room_id_or_alias(value: str) -> bool:
    return bool(_ROOM_ID.match(value) or _ROOM_ALIAS.match(value))


def is_room_alias(value: str) -> bool:
    return bool(_ROOM_ALIAS.match(value))
