"""What paging says: pages, their thread links, and the notices in the huddle thread."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from commands.kernel.content import in_thread, notice, person, pills_in
from commands.kernel.framework import CommandContext, Reply
from commands.kernel.render import B, C, Link, doc, para
from protocols.durations import format_duration
from protocols.ids import EventId, UserId, matrix_to, server_of
from protocols.outbox import PENDING_THREAD_ROOT, OutgoingMessage
from protocols.paging.crisis import CrisisEvent
from protocols.paging.escalation import LATE_TOLERANCE, Page, Step


def root_txn_id(event_id: str) -> str:
    """The activation notice's transaction id: the huddle thread's root."""
    return f"root-{event_id}"


def thread_link(event: CrisisEvent) -> str:
    """A matrix.to link to the huddle thread (or the room). `via` names a server that is
    in the room: the bot's own; for events stored before that was kept, the room id's
    server, else the activating member's."""
    via = event.snapshot.server_name or server_of(event.room_id) or server_of(event.activated_by)
    ids = (event.room_id, event.root_event_id) if event.root_event_id else (event.room_id,)
    return matrix_to(*ids, via=via)


def thread_notice(event: CrisisEvent, key: str, reply: Reply) -> OutgoingMessage:
    """A notice in the event's huddle thread. `key` names what it reports, so that the same
    fact is never posted twice (it becomes the transaction id). If the root is not sent yet
    (an ack within a second of the activation), the notice waits behind it in the room's
    lane and joins its thread when sent; if the root never went out, it goes to the room."""
    content = notice(reply)
    if event.root_event_id is not None:
        content = in_thread(content, EventId(event.root_event_id))
    else:
        content[PENDING_THREAD_ROOT] = root_txn_id(event.id)
    return OutgoingMessage(
        txn_id=f"notice-{event.id}-{key}",
        room_id=event.room_id,
        event_type="m.room.message",
        content=content,
    )


def echo_to_thread(ctx: CommandContext, event: CrisisEvent, key: str, reply: Reply) -> None:
    """A change made outside the event's huddle thread (in the room, another thread, a DM)
    is posted in the thread too, so the huddle sees every change. `key` as thread_notice."""
    if event.root_event_id and ctx.thread_root != event.root_event_id:
        ctx.outgoing.append(thread_notice(event, key, reply))


def late_note(late_by: timedelta) -> str:
    """' (late by 2m05s: …)' when a deadline was handled late, else ''."""
    if late_by <= LATE_TOLERANCE:
        return ""
    return (
        f" (late by {format_duration(late_by)}: MACT was not running, was delayed, or the "
        "homeserver was unreachable)"
    )


def _local(event: CrisisEvent, agency: str, at: datetime, *, seconds: bool = False) -> str:
    """'07:22 America/Chicago'; with seconds for a window under a minute, where '07:22'
    could be nearly a minute off ('07:22:19')."""
    tz = event.snapshot.agency(agency).timezone or event.snapshot.timezone
    clock = "%H:%M:%S" if seconds else "%H:%M"
    return f"{at.astimezone(ZoneInfo(tz)).strftime(clock)} {tz}"


def page_reply(event: CrisisEvent, agency: str, page: Page) -> Reply:
    """The page's text: who, which event, by when, how to answer, where the huddle is.
    Nothing about the case: no case reference, no note."""
    proto = event.protocol
    p = event.snapshot.prefix
    window = format_duration(page.deadline - page.issued_at)
    short = page.deadline - page.issued_at < timedelta(minutes=1)
    deadline = _local(event, agency, page.deadline, seconds=short)
    link = thread_link(event)
    if event.root_event_id:
        where = para("Huddle thread: ", Link(link, "open the huddle thread"))
    else:
        # Sent alongside the activation notice; an edit adds the thread's own link.
        where = para(
            f"Huddle: the thread on the {event.id} activation notice in ",
            Link(link, "the coordination room"),
        )
    return doc(
        para(
            B("MACT page for "), person(event.snapshot.names, page.target),
            f": crisis coordination event {event.id}\n",
            f"Protocol: {proto.id} v{proto.version} ({proto.title}). ",
            f"Lead agency: {event.lead_agency}.\n",
            f"You are paged as the {page.label} for {agency}.\n",
            f"Acknowledge by {deadline} (within {window}): reply ", C(f"{p}ack"),
            " here or react ✅ to this message. If you cannot take it, reply ",
            C(f"{p}unavailable"), ".",
        ),
        where,
        mentions=(UserId(page.target),),
    )  # fmt: skip


def page_message(event: CrisisEvent, step: Step, page: Page) -> OutgoingMessage:
    return OutgoingMessage(
        txn_id=f"page-{event.id}-s{step.index}-a{page.attempt}",
        room_id=None,
        to_user=page.target,
        event_type="m.room.message",
        content=notice(page_reply(event, step.agency, page)),
        ref=f"page:{page.id}",
    )


def page_over(event: CrisisEvent, agency: str, page: Page, why: str) -> OutgoingMessage:
    """In a still-pending page's DM: the page needs no answer any more, and why. A reply to
    the page when its event id is known; sent after it (the same DM lane)."""
    content = notice(doc(para(B(f"No need to answer this page for {event.id} ({agency})"),
                              f": {why}.")))  # fmt: skip
    if page.page_event_id is not None:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": page.page_event_id}}
    return OutgoingMessage(
        txn_id=f"page-over-{event.id}-{page.id}",
        room_id=None,
        to_user=page.target,
        event_type="m.room.message",
        content=content,
        lane=f"dm:{page.target}",
    )


def page_link_edit(event: CrisisEvent, agency: str, page: Page) -> OutgoingMessage:
    """An edit (m.replace) of a delivered page that adds the huddle thread's link."""
    assert page.page_event_id is not None and page.dm_room_id is not None
    new = notice(page_reply(event, agency, page))
    # Nobody is mentioned again by the edit: the page already notified its target.
    new["m.mentions"] = {}
    content = {
        "msgtype": "m.notice",
        "body": "* " + new["body"],
        "format": new["format"],
        "formatted_body": "* " + new["formatted_body"],
        "m.new_content": new,
        "m.mentions": {},
        "m.relates_to": {"rel_type": "m.replace", "event_id": page.page_event_id},
    }
    return OutgoingMessage(
        txn_id=f"page-link-{event.id}-{page.id}",
        room_id=page.dm_room_id,
        event_type="m.room.message",
        content=content,
    )


def paged_notice(
    event: CrisisEvent,
    step: Step,
    target: str,
    label: str,
    attempt: int,
    because: str | None,
    late_by: timedelta,
) -> OutgoingMessage:
    text = paged_text(event, step, target, label, attempt, because, late_by)
    who = person(event.snapshot.names, target)
    return thread_notice(
        event, f"paged-s{step.index}-a{attempt}", Reply(text, pills_in(text, [who]))
    )


def paged_text(
    event: CrisisEvent,
    step: Step,
    target: str,
    label: str,
    attempt: int,
    because: str | None,
    late_by: timedelta,
) -> str:
    target = event.snapshot.name_of(target)
    if attempt == 1:
        return f"{step.agency} paged: {label} {target}{late_note(late_by)}"
    if because == "unavailable":
        return f"{step.agency} paged {label} {target}: the previous contact is unavailable"
    window = format_duration(step.ack_window)
    return f"{step.agency} paged {label} {target} after {window} without ack{late_note(late_by)}"
