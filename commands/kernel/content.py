"""Matrix message content for the bot's output: notices, replies, threads, mentions."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from commands.kernel.framework import Reply, esc
from commands.kernel.render import At, B, bullets, doc, html_of, para
from protocols.ids import EventId, UserId

HTML_FORMAT = "org.matrix.custom.html"


def person(names: Mapping[str, str], user_id: str) -> At:
    """Someone as MACT shows them: by the name the coalition gave them (`names`, an
    event's snapshot's), with the pill; by their Matrix id if they have none."""
    return At(user_id, names.get(user_id))


def plain_to_html(text: str) -> str:
    return "<br>".join(esc(line) for line in text.split("\n"))


def pills_in(text: str, people: Sequence[At]) -> str:
    """`text` as HTML, each of `people` (written in it as `person` renders them) shown as a
    pill (mention them in m.mentions too, or not: a pill alone does not notify)."""
    html = plain_to_html(text)
    for at in people:
        html = html.replace(esc(at.label or at.user_id), html_of(at))
    return html


def notice(reply: Reply) -> dict[str, Any]:
    return {
        "msgtype": "m.notice",
        "body": reply.text,
        "format": HTML_FORMAT,
        "formatted_body": reply.html if reply.html is not None else plain_to_html(reply.text),
        "m.mentions": {"user_ids": sorted(set(reply.mentions))} if reply.mentions else {},
    }


def as_reply(
    content: dict[str, Any], to_event: EventId, thread_root: EventId | None
) -> dict[str, Any]:
    """Relate `content` to `to_event`: a thread reply if the command was in a thread."""
    if thread_root is not None:
        content["m.relates_to"] = {
            "rel_type": "m.thread",
            "event_id": thread_root,
            "is_falling_back": False,
            "m.in_reply_to": {"event_id": to_event},
        }
    else:
        content["m.relates_to"] = {"m.in_reply_to": {"event_id": to_event}}
    return content


def in_thread(
    content: dict[str, Any], thread_root: EventId, latest: EventId | None = None
) -> dict[str, Any]:
    """Post `content` into a thread (not a reply to anyone in particular)."""
    content["m.relates_to"] = {
        "rel_type": "m.thread",
        "event_id": thread_root,
        "is_falling_back": True,
        "m.in_reply_to": {"event_id": latest or thread_root},
    }
    return content


def bulleted(head: str, lines: list[str]) -> Reply:
    """A heading and one line per item: plain lines, and an HTML list."""
    return doc(para(B(head)), bullets(lines))


def mention_sender(reply: Reply, sender: UserId) -> Reply:
    if sender in reply.mentions:
        return reply
    return Reply(reply.text, reply.html, (*reply.mentions, sender))
