"""Every permission rule that depends on the event, as a pure function of who asks.

Each returns None when the member may, or the one line that says why not (the command
raises it as PermissionDenied). Which roles may run a command at all is declared on the
command itself; these are the rules about one event or one item.
"""

from __future__ import annotations

from collections.abc import Collection

from .config.schema import Member
from .huddle.actions import ActionItem
from .paging.crisis import CrisisEvent
from .roles import SUPERVISORY_ROLES, Role

_COORDINATING = (Role.COORDINATOR, Role.ADMIN)


def _coordinating(member: Member) -> bool:
    return member.role in _COORDINATING


def _leads(member: Member, event: CrisisEvent) -> bool:
    """On the lead agency's staff in a supervisory role."""
    return member.role in SUPERVISORY_ROLES and member.agency == event.lead_agency


def lead_or_coordinator(member: Member, event: CrisisEvent, doing: str) -> str | None:
    """Closing an event or its review: the lead agency's staff, coordinators, admins."""
    if _coordinating(member) or member.agency == event.lead_agency:
        return None
    return (
        f"{doing} needs the lead agency ({event.lead_agency}) or the coordinator role; "
        f"you are {member.describe()}."
    )


def cancel_event(member: Member, event: CrisisEvent) -> str | None:
    """Whoever activated it, the lead agency's supervisors and leadership, coordinators."""
    if member.user_id == event.activated_by or _coordinating(member) or _leads(member, event):
        return None
    return (
        f"Cancelling {event.id} needs you to have activated it, a supervisor or leadership "
        f"role at {event.lead_agency}, or the coordinator role; you are {member.describe()}."
    )


def shift_lead(member: Member, event: CrisisEvent) -> str | None:
    """The lead agency's supervisors and leadership, coordinators, admins."""
    if _coordinating(member) or _leads(member, event):
        return None
    return (
        f"Shifting the lead needs a supervisor or leadership role at {event.lead_agency}, "
        f"or the coordinator role; you are {member.describe()}."
    )


def manage_item(member: Member, event: CrisisEvent, item: ActionItem) -> str | None:
    """The owner's agency, the lead agency, coordinators and admins may change an item."""
    if _coordinating(member) or member.agency in (item.owner.agency, event.lead_agency):
        return None
    return (
        f"{item.label} belongs to {item.owner.agency}; only its staff, the lead agency "
        f"({event.lead_agency}) or a coordinator may change it; you are {member.describe()}."
    )


def acknowledge_for(
    member: Member | None, sender: str, agency: str, paged: Collection[str]
) -> bool:
    """Someone paged for the agency (a contact point need not be on the roster), or a
    member of that agency."""
    return sender in paged or (member is not None and member.agency == agency)
