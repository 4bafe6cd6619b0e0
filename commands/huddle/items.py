"""Which item a command means (`A-3`, `I-1`), who owns it, and who may change it."""

from __future__ import annotations

from datetime import datetime

from commands.kernel.content import person, pills_in
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Word
from commands.kernel.lookup import event_in
from commands.paging.messages import echo_to_thread
from protocols import permissions
from protocols.config.schema import MactConfig
from protocols.due import describe_due
from protocols.errors import PermissionDenied, UserError
from protocols.huddle.actions import (
    ActionItem,
    ItemKind,
    ItemState,
    Owner,
    ReminderPolicy,
    parse_label,
)
from protocols.ids import UserId, is_user_id
from protocols.paging.crisis import CrisisEvent, EventState
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import items, timeline

ANY_STATE = frozenset(EventState)
# How an item is named in a usage line.
ITEM = Word("item", shown="A-n|I-n")


async def event_and_item(
    ctx: CommandContext, args: ParsedArgs, command: str
) -> tuple[CrisisEvent, ActionItem]:
    """The event (`[CE-…]` or the thread) and its open item (`args["item"]`, A-n or I-n).
    Action items belong to running events; improvement items outlive them."""
    event = await event_in(ctx, args.get("event"), command, ANY_STATE)
    label = args.req("item")
    kind, number = parse_label(label)
    if kind is ItemKind.ACTION and event.state is not EventState.ACTIVE:
        raise UserError(f"{event.id} is {event.state.value}; its action items are final.")
    if kind is ItemKind.IMPROVEMENT and event.state is not EventState.CLOSED:
        raise UserError(f"{event.id} has no improvement items until it is closed.")
    item = await items.get(ctx.session, event.id, kind, number)
    if item is None:
        raise UserError(f"{event.id} has no {label.upper()}.")
    if item.state is not ItemState.OPEN:
        raise UserError(f"{item.label} is already {item.state.value}.")
    check_may_manage(ctx, event, item)
    return event, item


def check_may_manage(ctx: CommandContext, event: CrisisEvent, item: ActionItem) -> None:
    """Raises PermissionDenied unless the sender may change the item."""
    if (refusal := permissions.manage_item(ctx.member, event, item)) is not None:
        raise PermissionDenied(refusal)


def improvement_line(item: ActionItem, now: datetime, tz: str) -> str:
    """'I-2 HOSP (training): update the on-call list; due Thu 3 Dec 09:00 (in 1d)', or its
    final state once resolved."""
    kind = f" ({item.category})" if item.category else ""
    state = (
        f"due {describe_due(item.due, now, tz)}"
        if item.state is ItemState.OPEN
        else item.state.value
    )
    return f"{item.label} {item.owner.agency}{kind}: {item.text}; {state}"


async def log_item(ctx: CommandContext, event: CrisisEvent, item: ActionItem, text: str) -> None:
    """The change on the timeline; and in the huddle thread too when it was made elsewhere,
    so the huddle sees every change to its items."""
    await timeline.append(
        ctx.session,
        TimelineEntry(event.id, ctx.now, EntryKind.ACTION, text, item.owner.agency, ctx.sender),
    )
    echo_to_thread(ctx, event, f"item-{ctx.event_id}", Reply(text))
    ctx.touched_events.add(event.id)
    ctx.audit_ref = event.id


def owner_reply(event: CrisisEvent, text: str, owner: Owner) -> Reply:
    """An answer that gives an item to `owner`: they are mentioned, and shown as pills."""
    people = [person(event.snapshot.names, u) for u in owner.notify]
    return Reply(text, pills_in(text, people), owner.notify)


def reminder_policy(event: CrisisEvent, kind: ItemKind) -> ReminderPolicy:
    proto = event.protocol
    if kind is ItemKind.IMPROVEMENT:
        return ReminderPolicy(
            proto.review.improvement_reminder_lead, proto.review.improvement_overdue_grace
        )
    return ReminderPolicy(proto.checkin.reminder_lead, proto.checkin.overdue_grace)


def resolve_owner(config: MactConfig, event: CrisisEvent, text: str) -> Owner:
    """An agency code or a roster member's Matrix id, as an Owner with who to mention.
    Raises UserError naming the valid agencies."""
    return owner_of(config, tuple(event.snapshot.coordinators), text)


def owner_of(config: MactConfig, coordinators: tuple[UserId, ...], text: str) -> Owner:
    """As `resolve_owner`, outside an event: `coordinators` are told last."""
    if is_user_id(text):
        member = config.member(text)
        if member is None:
            raise UserError(f"{text} is not on the roster or an agency's contact list.")
        home = config.agency(member.agency)
        contacts = (home.backup, home.primary) if home is not None else ()
        others = [UserId(c.matrix_id) for c in contacts if c is not None and c.matrix_id != text]
        return Owner(
            member.agency, member.user_id, (member.user_id,), tuple(others[:1]) or coordinators
        )
    agency = config.agency(text.upper())
    if agency is None:
        known = ", ".join(config.agency_codes)
        raise UserError(f"'{text[:32]}' is neither an agency ({known}) nor a @user:server id.")
    if agency.backup is not None:
        escalate: tuple[UserId, ...] = (UserId(agency.backup.matrix_id),)
    elif agency.escalation:
        escalate = (UserId(agency.escalation[0]),)
    else:
        escalate = coordinators
    return Owner(agency.code, None, (UserId(agency.primary.matrix_id),), escalate)
