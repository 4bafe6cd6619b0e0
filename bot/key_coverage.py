"""Room keys that never reached a member's device, found and repaired before the next send.

nio shares a room's Megolm session once, marks it shared, and never offers it again. A
device it skipped at that moment, because it had no Olm session with it (the one-time-key
claim failed: the member's homeserver was down or slow over federation), keeps missing
every message of that session until the session is rotated, which nio does after 100
messages or a week. A member on another agency's server then silently reads nothing in
the coordination room. Before each send, MACT compares who the session reached with the
room's members' devices; if one is missing it logs it and starts a new session, which nio
shares with every device it can reach (claiming keys again for the skipped ones). If a send
still leaves a member's device without the key, the room is told once, in a notice naming
them, so someone reaches them another way rather than nobody noticing.
"""

from __future__ import annotations

import logging
from datetime import datetime

from nio import AsyncClient

from protocols.ids import server_of
from protocols.outbox import OutgoingMessage

log = logging.getLogger(__name__)


class KeyCoverage:
    def __init__(self, client: AsyncClient) -> None:
        self.client = client
        self._reported: dict[str, frozenset[tuple[str, str]]] = {}
        # Members the room was told about, until a send reaches all devices again.
        self._told: dict[str, set[str]] = {}

    def missing(self, room_id: str) -> set[tuple[str, str]]:
        """(user id, device id) of every member's device the room's current session was
        not shared with; blacklisted devices (strict_devices) are not missing."""
        olm = self.client.olm
        room = self.client.rooms.get(room_id)
        if olm is None or room is None:
            return set()
        session = olm.outbound_group_sessions.get(room_id)
        if session is None or not session.shared:
            return set()  # nio shares a new session with every device it can reach
        missing: set[tuple[str, str]] = set()
        for user in room.users:
            if user == self.client.user_id:
                continue
            for device in self.client.device_store.active_user_devices(user):
                if olm.is_device_blacklisted(device):
                    continue
                if (user, device.id) not in session.users_shared_with:
                    missing.add((user, device.id))
        return missing

    def repair(self, room_id: str) -> bool:
        """Before a send into `room_id`: True if its session missed a device and was
        dropped, so this send shares a new one."""
        if room_id in self.client.sharing_session:
            return False  # another lane is sharing it right now: it judges after
        missing = self.missing(room_id)
        if not missing:
            self._reported.pop(room_id, None)
            self._told.pop(room_id, None)
            return False
        if self._reported.get(room_id) != frozenset(missing):
            # Once per distinct set, not once per message while a server stays down.
            self._reported[room_id] = frozenset(missing)
            users = sorted({user for user, _ in missing})
            log.warning(
                "room key of room=%s missed %d device(s) of %s; sharing a new session",
                room_id,
                len(missing),
                ", ".join(users),
            )
        self.client.invalidate_outbound_session(room_id)
        return True

    def newly_unreached(self, room_id: str) -> list[str]:
        """After a send: members with a device the message's session did not reach, whom
        the room has not been told about yet in this episode."""
        users = {user for user, _ in self.missing(room_id)}
        if not users:
            self._told.pop(room_id, None)
            return []
        told = self._told.setdefault(room_id, set())
        new = sorted(users - told)
        told.update(new)
        return new


def unreached_notice(room_id: str, users: list[str], now: datetime) -> OutgoingMessage:
    """Ids only: who, and whose server, never what the missed messages said."""
    servers = ", ".join(sorted({server_of(u) for u in users}))
    body = (
        f"MACT could not give {', '.join(users)} the keys to read its messages in this room "
        f"(their homeserver {servers} did not answer). They may miss activations and notices "
        "here until it does: reach them another way. MACT shares new keys with each message."
    )
    return OutgoingMessage(
        txn_id=f"keys-unreached-{room_id}-{int(now.timestamp())}",
        room_id=room_id,
        event_type="m.room.message",
        content={"msgtype": "m.notice", "body": body, "m.mentions": {}},
    )
