"""An event's summary: one structure, rendered as plain text, HTML, Markdown and JSON.

Built from the records alone (event, steps, pages, timeline, decisions, items, check-ins),
so the same summary comes out of the bot, `!summary` and `mact export`. HTML is escaped
here; nobody is mentioned by a summary.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from protocols.durations import format_duration
from protocols.huddle.actions import ActionItem, ItemKind, ItemState
from protocols.huddle.checkins import Checkin, CheckinState
from protocols.huddle.decisions import Decision
from protocols.outbox import content_size
from protocols.paging.crisis import CrisisEvent, EventState
from protocols.paging.escalation import Page, Step, StepState
from protocols.timeline import EntryKind, TimelineEntry


@dataclass(frozen=True, slots=True)
class EventRecord:
    event: CrisisEvent
    steps: list[Step]
    pages: list[Page]
    timeline: list[TimelineEntry]
    decisions: list[Decision]
    items: list[ActionItem]
    checkins: list[Checkin]


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    lines: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Summary:
    title: str
    header: list[str]
    sections: list[Section]


def _clock(at: datetime, zone: ZoneInfo) -> str:
    return f"{at.astimezone(zone):%H:%M:%S}"


def _stamp(at: datetime, zone: ZoneInfo) -> str:
    return f"{at.astimezone(zone):%Y-%m-%d %H:%M:%S}"


def paging_lines(record: EventRecord, zone: ZoneInfo) -> list[str]:
    """Per agency: who was paged and when, escalations, and how it ended."""
    name = record.event.snapshot.name_of
    lines: list[str] = []
    # When each agency acknowledged and whether it had been reported unreachable: a late ack
    # keeps the step's resolution time (the sequence had moved on), the timeline its own.
    acked_at: dict[str, datetime] = {}
    unreachable: set[str] = set()
    for e in record.timeline:
        if e.agency and e.kind is EntryKind.ACKNOWLEDGED:
            acked_at.setdefault(e.agency, e.at)
        elif e.agency and e.kind is EntryKind.UNREACHABLE and e.agency not in acked_at:
            unreachable.add(e.agency)
    for step in sorted(record.steps, key=lambda s: s.index):
        pages = sorted(
            (p for p in record.pages if p.step_index == step.index), key=lambda p: p.attempt
        )
        if not pages:
            ended = "acknowledged before being paged" if step.acked_by else "not paged"
            if step.acked_by:
                ended += f" (by {name(step.acked_by)})"
            elif step.state is StepState.CANCELLED:
                ended += " (paging stopped when the event ended)"
            lines.append(f"{step.agency}: {ended}")
            continue
        paged = ", ".join(
            f"{p.label} {name(p.target)} at {_clock(p.issued_at, zone)}" for p in pages
        )
        escalations = len(pages) - 1
        if escalations:
            paged += f" ({escalations} escalation{'s' if escalations > 1 else ''})"
        if step.state is StepState.ACKNOWLEDGED and step.resolved_at is not None:
            at = acked_at.get(step.agency, step.resolved_at)
            took = format_duration(at - pages[0].issued_at)
            ended = f"acknowledged by {name(step.acked_by or '')} in {took}"
            if step.agency in unreachable:
                ended += f", after it was reported unreachable at {_clock(step.resolved_at, zone)}"
        elif step.state is StepState.UNREACHABLE and step.resolved_at is not None:
            ended = f"not acknowledged: unreachable at {_clock(step.resolved_at, zone)}"
        elif step.state is StepState.CANCELLED:
            ended = "not acknowledged when paging stopped"
        else:
            ended = "waiting for an acknowledgement"
        lines.append(f"{step.agency}: paged {paged}; {ended}")
    return lines


def _item_line(item: ActionItem, zone: ZoneInfo, names: Mapping[str, str]) -> str:
    kind = f" ({item.category})" if item.category else ""
    owner = item.owner.label(names)
    line = f"{item.label} {owner}{kind}: {item.text}; due {_clock(item.due, zone)}"
    by = names.get(item.resolved_by or "", item.resolved_by)
    when = _clock(item.resolved_at, zone) if item.resolved_at else ""
    if item.state is ItemState.DONE:
        line += f"; done {when} by {by}"
        if item.resolution:
            line += f" ({item.resolution})"
    elif item.state is ItemState.DROPPED:
        line += f"; dropped {when} by {by}: {item.resolution}"
    elif item.state is ItemState.CARRIED:
        line += f"; carried over {when} to {item.resolution}"
    else:
        line += "; open"
    return line


def _checkin_line(c: Checkin, zone: ZoneInfo, names: Mapping[str, str]) -> str:
    line = f"#{c.number} due {_clock(c.due, zone)}"
    if c.state is CheckinState.HELD and c.held_at is not None:
        by = names.get(c.held_by or "", c.held_by)
        return line + f": held {_clock(c.held_at, zone)} by {by}"
    if c.state is CheckinState.PROMPTED:
        return line + ": updates asked for, not yet recorded as held"
    return line + f": {c.state.value}"


def duration(record: EventRecord, now: datetime) -> str:
    event = record.event
    end = event.ended_at or now
    return format_duration(end - event.activated_at)


def key_timings(record: EventRecord, now: datetime) -> list[str]:
    """The figures a debrief starts from: first acknowledgement, each agency's time to
    acknowledge or its escalations, and the event's length."""
    zone = ZoneInfo(record.event.snapshot.timezone)
    lines = [f"Activated {_stamp(record.event.activated_at, zone)} ({zone.key})"]
    lines += paging_lines(record, zone)
    lines.append(f"Total duration: {duration(record, now)}")
    return lines


def _header(record: EventRecord, now: datetime) -> list[str]:
    event = record.event
    zone = ZoneInfo(event.snapshot.timezone)
    name = event.snapshot.name_of
    proto = event.protocol
    header = [
        f"Protocol: {proto.id} v{proto.version} ({proto.title}); criterion {event.criterion}; "
        f"lead agency {event.lead_agency}",
        f"Activated {_stamp(event.activated_at, zone)} by {name(event.activated_by)}",
    ]
    if event.case_ref:
        header.append(f"Case reference: {event.case_ref}")
    if event.state is EventState.ACTIVE:
        header.append(f"State: active, running for {duration(record, now)}")
    else:
        assert event.ended_at is not None
        header.append(
            f"State: {event.state.value} {_stamp(event.ended_at, zone)}; total duration "
            f"{duration(record, now)}"
        )
    if event.state is EventState.CLOSED:
        outcome = f"Outcome: {event.outcome}"
        if event.end_reason:
            outcome += f": {event.end_reason}"
        header.append(outcome)
    elif event.state is EventState.CANCELLED:
        header.append(f"Cancelled: {event.end_reason}")
    header.append(f"Times in {zone.key}.")
    return header


def build(record: EventRecord, now: datetime) -> Summary:
    """The whole summary; `fit` trims it to one chat message."""
    event = record.event
    zone = ZoneInfo(event.snapshot.timezone)
    names = event.snapshot.names
    name = event.snapshot.name_of
    decisions = [
        f"{d.label} {_clock(d.at, zone)} by {name(d.by)} ({d.agency}): {d.text}"
        + (f"; why: {d.rationale}" if d.rationale else "")
        + f"; present: {', '.join(d.present)}"
        for d in record.decisions
    ]
    actions = [
        _item_line(i, zone, names)
        for i in sorted(record.items, key=lambda i: i.number)
        if i.kind is ItemKind.ACTION
    ]
    improvements = [
        _item_line(i, zone, names)
        for i in sorted(record.items, key=lambda i: i.number)
        if i.kind is ItemKind.IMPROVEMENT
    ]
    checkins = [
        _checkin_line(c, zone, names)
        for c in record.checkins
        if c.state is not CheckinState.SUPERSEDED
    ]
    entries = record.timeline
    timeline = [f"{_clock(e.at, zone)} {e.kind.value}: {e.text}" for e in entries]
    sections = [
        Section("Paging", paging_lines(record, zone)),
        Section("Decisions", decisions or ["none recorded"]),
        Section("Action items", actions or ["none"]),
        Section("Check-ins", checkins or ["none"]),
    ]
    if improvements:
        sections.append(Section("Improvement items", improvements))
    sections.append(Section("Timeline", timeline))
    return Summary(f"Summary of {event.id}", _header(record, now), sections)


# Lines longer than this are shortened in the chat summary (a 4,000-character decision stays
# whole in the export).
_CHAT_LINE = 600
# Trimming prefers the timeline, then whichever section is largest.
_TRIM_FIRST = "Timeline"


def chat_size(summary: Summary) -> int:
    """Bytes the summary takes in a message's content, as text and as HTML."""
    return content_size({"body": render_text(summary), "formatted_body": render_html(summary)})


def fit(summary: Summary, budget: int, export_hint: str) -> Summary:
    """`summary` trimmed to `budget` bytes of message content (`chat_size`): long lines are
    shortened, then the oldest lines of the timeline and, if still needed, of the largest
    section are left out, each trimmed section saying how many and `export_hint`."""
    sections = [Section(s.title, [_shorten(line) for line in s.lines]) for s in summary.sections]
    dropped = {s.title: 0 for s in sections}
    trimmed = Summary(summary.title, summary.header, sections)
    while (excess := chat_size(trimmed) - budget) > 0:
        victim = _victim(sections, dropped)
        if victim is None:
            break
        lines = _own(victim, dropped)
        n, freed = 0, 0
        # Each line costs about twice its bytes (text and HTML) plus its markup.
        while n < len(lines) - 1 and freed < excess:
            freed += 2 * len(lines[n].encode()) + 20
            n += 1
        dropped[victim.title] += n
        kept = lines[n:]
        note = f"({dropped[victim.title]} earlier lines left out here; {export_hint})"
        index = sections.index(victim)
        sections[index] = Section(victim.title, [note, *kept])
        trimmed = Summary(summary.title, summary.header, sections)
    return trimmed


def _shorten(line: str) -> str:
    return line if len(line) <= _CHAT_LINE else line[: _CHAT_LINE - 1] + "…"


def _victim(sections: list[Section], dropped: dict[str, int]) -> Section | None:
    """The section to trim next: the timeline while it has lines, else the largest."""
    candidates = [s for s in sections if len(_own(s, dropped)) > 1]
    if not candidates:
        return None
    first = [s for s in candidates if s.title == _TRIM_FIRST]
    if first:
        return first[0]
    return max(candidates, key=lambda s: sum(len(line) for line in _own(s, dropped)))


def _own(section: Section, dropped: dict[str, int]) -> list[str]:
    """The section's own lines, without the note a previous trim put first."""
    return section.lines[1:] if dropped[section.title] else section.lines


def render_text(summary: Summary) -> str:
    out = [summary.title, *summary.header]
    for s in summary.sections:
        out.append("")
        out.append(f"{s.title}:")
        out += [f"- {line}" for line in s.lines]
    return "\n".join(out)


def render_markdown(summary: Summary) -> str:
    out = [f"# {summary.title}", "", *[f"{h}  " for h in summary.header]]
    for s in summary.sections:
        out += ["", f"## {s.title}", ""]
        out += [f"- {_md(line)}" for line in s.lines]
    return "\n".join(out) + "\n"


def _md(text: str) -> str:
    # Typed text must not turn into markup in a coordinator's record.
    for ch in "\\`*_[]<>#|":
        text = text.replace(ch, "\\" + ch)
    return text


def render_html(summary: Summary) -> str:
    esc = html.escape
    parts = [f"<p><b>{esc(summary.title)}</b><br>", "<br>".join(esc(h) for h in summary.header)]
    parts.append("</p>")
    for s in summary.sections:
        parts.append(f"<p><b>{esc(s.title)}</b></p><ul>")
        parts += [f"<li>{esc(line)}</li>" for line in s.lines]
        parts.append("</ul>")
    return "".join(parts)
