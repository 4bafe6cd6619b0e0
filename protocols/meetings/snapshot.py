"""The coalition as a meeting series or a training was scheduled: which agencies take part
and who to tell for each, people's names, the coordinators, the settings. Frozen with the
record, as an event's snapshot is: a later configuration change does not move a running
series' deadlines."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pydantic import BaseModel, ConfigDict

from protocols.config.policies import MeetingSettings
from protocols.config.schema import MactConfig
from protocols.roles import Role


class CoalitionSnapshot(BaseModel):
    model_config = ConfigDict(frozen=True)

    agencies: tuple[str, ...]
    contacts: dict[str, str]  # agency → its primary contact's Matrix id
    names: dict[str, str]
    coordinators: tuple[str, ...]
    timezone: str
    meetings: MeetingSettings
    remind_before: timedelta = timedelta(days=1)

    def name_of(self, user: str) -> str:
        return self.names.get(user, user)


def snapshot_of(config: MactConfig) -> CoalitionSnapshot:
    return CoalitionSnapshot(
        agencies=tuple(config.agency_codes),
        contacts={a.code: a.primary.matrix_id for a in config.agencies},
        names=config.names(),
        coordinators=tuple(config.users_with_role(Role.COORDINATOR)),
        timezone=config.coalition.timezone,
        meetings=config.meetings,
        remind_before=config.training.remind_before,
    )


def dump(s: CoalitionSnapshot) -> dict[str, Any]:
    return s.model_dump(mode="json")


def load(data: dict[str, Any]) -> CoalitionSnapshot:
    return CoalitionSnapshot.model_validate(data)
