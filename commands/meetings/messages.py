"""How meetings read in the room: agendas and minutes (sections of lines), posted in the
meeting's thread or as its root."""

from __future__ import annotations

from commands.kernel.content import in_thread, notice
from commands.kernel.framework import Reply
from commands.kernel.render import B, Block, bullets, doc, para
from protocols.ids import EventId, UserId
from protocols.outbox import OutgoingMessage

Section = tuple[str, list[str]]


def sections_reply(head: str, sections: list[Section], mentions: tuple[UserId, ...] = ()) -> Reply:
    blocks: list[Block] = [para(B(head))]
    for title, lines in sections:
        blocks += [para(B(title)), bullets(lines, "- ")]
    return doc(*blocks, mentions=mentions)


def in_meeting_thread(
    txn_id: str, room_id: str, root: str | None, reply: Reply, ref: str | None = None
) -> OutgoingMessage:
    """A notice in the meeting's thread (in the room itself if it has none yet)."""
    content = notice(reply)
    if root is not None:
        content = in_thread(content, EventId(root))
    return OutgoingMessage(txn_id, room_id, "m.room.message", content, ref=ref)
