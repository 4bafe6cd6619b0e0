"""Action items and improvement items: owned, time-limited, reminded until resolved.

An action item (`A-n`) belongs to a running crisis event; an improvement item (`I-n`)
comes out of its after-action review and outlives the event. Both climb the same ladder
of reminders: a reminder before the due time, an overdue notice at it, and after a grace
period a notice that also mentions the owner agency's backup. Each rung is sent once; the
item's `stage` records the highest one sent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import IntEnum, StrEnum

from protocols.errors import UserError
from protocols.ids import UserId
from protocols.numbers import parse_number


class ItemKind(StrEnum):
    ACTION = "action"
    IMPROVEMENT = "improvement"


PREFIX = {ItemKind.ACTION: "A", ItemKind.IMPROVEMENT: "I"}
# Item numbers are counted per event; anything larger is a typo.
MAX_ITEM_NUMBER = 99_999


class Improvement(StrEnum):
    """What an improvement item from a review is (the seed's three kinds)."""

    PROTOCOL = "protocol"
    TRAINING = "training"
    RESOURCE = "resource"


class ItemState(StrEnum):
    OPEN = "open"
    DONE = "done"
    DROPPED = "dropped"
    # Handed over to a named owner beyond this event (counts as resolved for closing).
    CARRIED = "carried"


class Stage(IntEnum):
    NONE = 0
    REMINDED = 1
    OVERDUE = 2
    ESCALATED = 3


@dataclass(frozen=True, slots=True)
class Owner:
    """An agency, or one roster member (with their agency). Who is mentioned for it is
    fixed when it is assigned: the member, or the agency's primary contact; and for the
    last reminder, the agency's backup (or, lacking one, the event's coordinators)."""

    agency: str
    user: UserId | None
    notify: tuple[UserId, ...]
    escalate_to: tuple[UserId, ...]

    def label(self, names: Mapping[str, str]) -> str:
        """The agency, or the member by name (`names`: an event's snapshot's) and agency."""
        if self.user is None:
            return self.agency
        return f"{names.get(self.user, self.user)} ({self.agency})"


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    lead: timedelta
    grace: timedelta


@dataclass(frozen=True, slots=True)
class ActionItem:
    event_id: str
    kind: ItemKind
    number: int
    owner: Owner
    text: str
    due: datetime
    # When the current due time was set (creation or the last !extend): a reminder whose
    # time had already passed then is not sent.
    due_set_at: datetime
    created_by: UserId
    created_at: datetime
    state: ItemState = ItemState.OPEN
    stage: Stage = Stage.NONE
    resolved_at: datetime | None = None
    resolved_by: UserId | None = None
    # The done note, the drop reason, or whom it was carried over to.
    resolution: str | None = None
    # An improvement item's kind: a protocol update, a training need, a resource.
    category: str | None = None

    @property
    def label(self) -> str:
        return f"{PREFIX[self.kind]}-{self.number}"


def new_item(
    event_id: str,
    kind: ItemKind,
    number: int,
    owner: Owner,
    text: str,
    due: datetime,
    by: UserId,
    now: datetime,
) -> ActionItem:
    """An open item created by `by` at `now`, its reminder ladder starting from `now`."""
    return ActionItem(event_id, kind, number, owner, text, due, now, by, now)


def parse_label(text: str) -> tuple[ItemKind, int]:
    """'A-3' → (ACTION, 3); 'i-1' → (IMPROVEMENT, 1). Raises UserError otherwise."""
    head, _, number = text.strip().upper().partition("-")
    kind = next((k for k, p in PREFIX.items() if p == head), None)
    value = parse_number(number, 1, MAX_ITEM_NUMBER)
    if kind is None or value is None:
        raise UserError(f"'{text[:20]}' is not an item number (like A-3 or I-1).")
    return kind, value


@dataclass(frozen=True, slots=True)
class Reminder:
    item: ActionItem
    stage: Stage
    at: datetime
    late_by: timedelta
    # Who this rung mentions.
    mentions: tuple[UserId, ...]


def _rungs(item: ActionItem, policy: ReminderPolicy) -> list[tuple[Stage, datetime]]:
    rungs: list[tuple[Stage, datetime]] = []
    if item.due - policy.lead > item.due_set_at:
        rungs.append((Stage.REMINDED, item.due - policy.lead))
    rungs.append((Stage.OVERDUE, item.due))
    rungs.append((Stage.ESCALATED, item.due + policy.grace))
    return [(s, t) for s, t in rungs if s > item.stage]


def due_reminders(items: list[ActionItem], policy: ReminderPolicy, now: datetime) -> list[Reminder]:
    """The rung each open item should be on by `now`, if it is not there yet. When several
    rungs passed at once (the bot was down), only the highest is sent: a reminder before a
    due time that is already past would only be noise."""
    out: list[Reminder] = []
    for item in items:
        if item.state is not ItemState.OPEN:
            continue
        passed = [(s, t) for s, t in _rungs(item, policy) if t <= now]
        if not passed:
            continue
        stage, at = passed[-1]
        mentions = item.owner.notify
        if stage is Stage.ESCALATED:
            mentions = tuple(dict.fromkeys((*item.owner.notify, *item.owner.escalate_to)))
        out.append(Reminder(item, stage, at, now - at, mentions))
    return out


def next_reminder(items: list[ActionItem], policy: ReminderPolicy) -> datetime | None:
    times = [
        rungs[0][1]
        for item in items
        if item.state is ItemState.OPEN and (rungs := _rungs(item, policy))
    ]
    return min(times) if times else None


def open_items(items: list[ActionItem]) -> list[ActionItem]:
    return sorted((i for i in items if i.state is ItemState.OPEN), key=lambda i: (i.due, i.number))


def by_owner(items: list[ActionItem]) -> list[tuple[Owner, list[ActionItem]]]:
    """Items grouped by owner, owners in the order of their earliest due item."""
    groups: dict[tuple[str, str | None], list[ActionItem]] = {}
    for item in sorted(items, key=lambda i: (i.due, i.number)):
        groups.setdefault((item.owner.agency, item.owner.user), []).append(item)
    return [(group[0].owner, group) for group in groups.values()]
