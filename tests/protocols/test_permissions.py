"""The event-dependent permission rules, without a room."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from protocols import permissions
from protocols.config.schema import Member
from protocols.huddle.actions import ItemKind, Owner, new_item
from protocols.ids import AgencyCode, UserId
from protocols.paging.crisis import CrisisEvent, EventState, take_snapshot
from protocols.roles import Role
from tests.protocols.coalition import config

T0 = datetime(2026, 12, 1, 16, 0, tzinfo=UTC)


def event(lead: str = "SHELTER") -> CrisisEvent:
    cfg = config()
    return CrisisEvent(
        "CE-2026-0001", take_snapshot(cfg, cfg.protocols[0]), "LETHALITY", None, None, lead,
        UserId("@front:hs"), T0, "!room:hs", None, EventState.ACTIVE,
    )  # fmt: skip


def member(agency: str, role: Role | None, user: str = "@someone:hs") -> Member:
    return Member(UserId(user), AgencyCode(agency), role)


@pytest.mark.parametrize(
    ("who", "cancel", "shift", "close"),
    [
        (member("SHELTER", Role.FRONTLINE, "@front:hs"), True, False, True),  # activated it
        (member("SHELTER", Role.FRONTLINE), False, False, True),
        (member("SHELTER", Role.SUPERVISOR), True, True, True),
        (member("HOSP", Role.SUPERVISOR), False, False, False),
        (member("HOSP", Role.COORDINATOR), True, True, True),
        (member("HOSP", Role.ADMIN), True, True, True),
        (member("HOSP", Role.LEADERSHIP), False, False, False),
    ],
)
def test_event_rules_by_agency_and_role(
    who: Member, cancel: bool, shift: bool, close: bool
) -> None:
    ev = event()
    assert (permissions.cancel_event(who, ev) is None) is cancel
    assert (permissions.shift_lead(who, ev) is None) is shift
    assert (permissions.lead_or_coordinator(who, ev, "Closing CE-2026-0001") is None) is close


def test_a_refusal_is_one_line_that_says_why() -> None:
    refusal = permissions.shift_lead(member("HOSP", Role.FRONTLINE), event())
    assert refusal == (
        "Shifting the lead needs a supervisor or leadership role at SHELTER, or the "
        "coordinator role; you are frontline (HOSP)."
    )


def test_items_are_managed_by_their_owner_the_lead_and_coordinators() -> None:
    owner = Owner("HOSP", None, (UserId("@h1:hs"),), (UserId("@h2:hs"),))
    item = new_item(
        "CE-2026-0001", ItemKind.ACTION, 1, owner, "call back", T0, UserId("@front:hs"), T0
    )
    ev = event()
    assert permissions.manage_item(member("HOSP", Role.FRONTLINE), ev, item) is None
    assert permissions.manage_item(member("SHELTER", Role.FRONTLINE), ev, item) is None
    assert permissions.manage_item(member("LEGAL", Role.COORDINATOR), ev, item) is None
    refusal = permissions.manage_item(member("LEGAL", Role.FRONTLINE), ev, item)
    assert refusal is not None and refusal.startswith("A-1 belongs to HOSP;")


def test_paged_contacts_and_agency_members_may_acknowledge() -> None:
    paged = {"@h1:hs"}
    assert permissions.acknowledge_for(None, "@h1:hs", "HOSP", paged)
    assert permissions.acknowledge_for(member("HOSP", Role.FRONTLINE), "@x:hs", "HOSP", paged)
    assert not permissions.acknowledge_for(member("SHELTER", Role.ADMIN), "@y:hs", "HOSP", paged)
    assert not permissions.acknowledge_for(None, "@z:hs", "HOSP", paged)
