"""Crisis coordination events: the record, its frozen protocol snapshot, its id."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from protocols.config.schema import Agency, MactConfig, Protocol
from protocols.errors import UserError
from protocols.ids import UserId, server_of

# ASCII digits only, and few enough that the number fits SQLite's 64-bit integers.
EVENT_ID = re.compile(r"^CE-(\d{4})-(\d{4,9})$", re.IGNORECASE | re.ASCII)


def format_event_id(year: int, seq: int) -> str:
    return f"CE-{year}-{seq:04d}"


def parse_event_id(text: str) -> str:
    """Normalise 'ce-2026-0042' → 'CE-2026-0042'; raise UserError if it is not an event id."""
    if not EVENT_ID.match(text):
        raise UserError(f"'{text[:40]}' is not a crisis event id (like CE-2026-0042)")
    return text.upper()


class EventState(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class ProtocolSnapshot(BaseModel):
    """What a running event uses, frozen at activation: the protocol version, the agencies
    it pages (with their contact points, hours and escalation paths) and the coordinators.
    A later configuration change does not alter a running event."""

    model_config = ConfigDict(frozen=True)

    protocol: Protocol
    agencies: tuple[Agency, ...]
    coordinators: tuple[UserId, ...]
    timezone: str
    # How commands are typed, for the event's messages that name one ('reply !ack').
    # Events stored before it was kept were all typed with '!'.
    prefix: str = "!"
    # The bot's homeserver, for links' `via=`: room ids of room version 12 have no server
    # part to take it from. Empty in events stored before it was kept.
    server_name: str = ""
    # Staff names by Matrix id (roster and contact points), for what the event's messages
    # say of people. Empty in events stored before they were kept: ids are shown.
    names: dict[str, str] = Field(default_factory=dict)

    def name_of(self, user_id: str) -> str:
        """The person's name if the coalition gave one, else their Matrix id."""
        return self.names.get(user_id, user_id)

    def agency(self, code: str) -> Agency:
        found = next((a for a in self.agencies if a.code == code), None)
        if found is None:
            raise KeyError(code)
        return found


def take_snapshot(config: MactConfig, protocol: Protocol) -> ProtocolSnapshot:
    codes = {s.agency for s in protocol.sequence}
    return ProtocolSnapshot(
        protocol=protocol,
        agencies=tuple(a for a in config.agencies if a.code in codes),
        coordinators=tuple(config.users_with_role(protocol.coordinator_role)),
        timezone=config.coalition.timezone,
        prefix=config.bot.command_prefix,
        server_name=server_of(config.bot.user_id),
        names=config.names(),
    )


def select_lead(protocol: Protocol, criterion_code: str) -> str:
    """The lead agency: the criterion's override if it names one, else the protocol default."""
    criterion = protocol.criterion(criterion_code)
    if criterion is not None and criterion.lead:
        return criterion.lead
    return protocol.default_lead


@dataclass(frozen=True, slots=True)
class CrisisEvent:
    id: str
    snapshot: ProtocolSnapshot
    criterion: str
    case_ref: str | None
    note: str | None
    lead_agency: str
    activated_by: UserId
    activated_at: datetime
    room_id: str
    root_event_id: str | None
    state: EventState
    ended_at: datetime | None = None
    # Cancelled: the reason. Closed: the outcome note, if any.
    end_reason: str | None = None
    # Closed: the outcome code.
    outcome: str | None = None

    @property
    def protocol(self) -> Protocol:
        return self.snapshot.protocol
