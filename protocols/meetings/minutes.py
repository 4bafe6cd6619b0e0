"""Minutes taken in the meeting's thread, and the shared template they are posted in: who
attended and who sent regrets, the information shared, the decisions and the action items
(the shared log's), the next meeting, and how to confirm."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo

from protocols.huddle.actions import ActionItem
from protocols.huddle.decisions import Decision
from protocols.meetings.series import Occurrence, Series


class EntryKind(StrEnum):
    HERE = "here"
    REGRETS = "regrets"
    INFO = "info"
    CONFIRMED = "confirmed"
    OBJECTED = "objected"


@dataclass(frozen=True, slots=True)
class Entry:
    occurrence: str
    at: datetime
    kind: EntryKind
    agency: str | None
    by: str
    text: str | None = None


Section = tuple[str, list[str]]


def attendance(entries: Sequence[Entry], agencies: Sequence[str]) -> tuple[list[str], list[str]]:
    """(present, regrets) agencies, in directory order; the latest word of each counts."""
    said: dict[str, EntryKind] = {}
    for e in entries:
        if e.kind in (EntryKind.HERE, EntryKind.REGRETS) and e.agency:
            said[e.agency] = e.kind
    order = [a for a in agencies if a in said] + [a for a in said if a not in agencies]
    return ([a for a in order if said[a] is EntryKind.HERE],
            [a for a in order if said[a] is EntryKind.REGRETS])  # fmt: skip


def minutes(
    series: Series,
    occurrence: Occurrence,
    entries: Sequence[Entry],
    decisions: Sequence[Decision],
    items: Sequence[ActionItem],
    agencies: Sequence[str],
    next_at: datetime | None,
    approval_days: int,
) -> tuple[str, list[Section]]:
    tz = str(series.start.tzinfo)
    local = occurrence.starts_at.astimezone(ZoneInfo(tz))
    present, regrets = attendance(entries, agencies)
    absent = [a for a in agencies if a not in present and a not in regrets]
    sent = {e.agency: e.text for e in entries if e.kind is EntryKind.REGRETS and e.text}
    head = f"Minutes: {series.title} ({series.label}), {local:%a %d %b %Y %H:%M} {tz}"
    regret_lines = [a + (f" (sent: {sent[a]})" if a in sent else "") for a in regrets]
    return head, [
        ("Attendance", [f"Present: {', '.join(present) or 'none recorded'}",
                        f"Regrets: {', '.join(regret_lines) or 'none'}",
                        f"Absent: {', '.join(absent) or 'none'}",
                        f"Note-taker: {occurrence.note_taker or 'not set'}"]),
        ("Information and issues", [e.text or "" for e in entries if e.kind is EntryKind.INFO]
         or ["none recorded"]),
        ("Decisions", [f"{d.label} {d.text} ({d.agency})" for d in decisions] or ["none"]),
        ("Action items", [f"{i.label} {i.owner.agency}, due "
                          f"{i.due.astimezone(ZoneInfo(tz)):%a %d %b %H:%M}: {i.text}"
                          for i in items] or ["none"]),
        ("Next meeting", [f"{next_at.astimezone(ZoneInfo(tz)):%a %d %b %Y %H:%M} {tz}"
                          if next_at else "not scheduled"]),
        ("Approval", [f"Confirm with ✅ on this message, object with ❌: approved after "
                      f"{approval_days} business days without objection."]),
    ]  # fmt: skip
