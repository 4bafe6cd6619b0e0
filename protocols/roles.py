"""Roster roles and what each may do."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    FRONTLINE = "frontline"
    SUPERVISOR = "supervisor"
    LEADERSHIP = "leadership"
    COORDINATOR = "coordinator"
    ADMIN = "admin"


ALL_ROLES: frozenset[Role] = frozenset(Role)
STAFF_ROLES: frozenset[Role] = frozenset(
    {Role.FRONTLINE, Role.SUPERVISOR, Role.LEADERSHIP, Role.COORDINATOR}
)
SUPERVISORY_ROLES: frozenset[Role] = frozenset(
    {Role.SUPERVISOR, Role.LEADERSHIP, Role.COORDINATOR, Role.ADMIN}
)


def describe_roles(roles: frozenset[Role]) -> str:
    """Human list of roles in a stable order: 'supervisor, leadership or admin'."""
    names = [r.value for r in Role if r in roles]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " or " + names[-1]
