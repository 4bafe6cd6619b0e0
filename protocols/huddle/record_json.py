"""An event's whole record as JSON, for coordinators' files: ISO 8601 times in UTC."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from protocols.huddle.summary import EventRecord
from protocols.paging.crisis import EventState


def _iso(at: datetime | None) -> str | None:
    return at.isoformat() if at else None


def to_json(record: EventRecord, now: datetime) -> dict[str, Any]:
    event = record.event
    return {
        "event": event.id,
        "protocol": {"id": event.protocol.id, "version": event.protocol.version},
        "criterion": event.criterion,
        "case_ref": event.case_ref,
        "lead_agency": event.lead_agency,
        "activated_by": event.activated_by,
        "activated_at": _iso(event.activated_at),
        "state": event.state.value,
        "ended_at": _iso(event.ended_at),
        "outcome": event.outcome,
        "outcome_note": event.end_reason if event.state is EventState.CLOSED else None,
        "duration_s": ((event.ended_at or now) - event.activated_at).total_seconds(),
        "paging": _paging(record),
        "decisions": [
            {
                "label": d.label, "at": _iso(d.at), "by": d.by, "agency": d.agency,
                "text": d.text, "rationale": d.rationale, "present": list(d.present),
            }
            for d in record.decisions
        ],
        "items": _items(record),
        "checkins": [
            {
                "number": c.number, "due": _iso(c.due), "state": c.state.value,
                "held_at": _iso(c.held_at), "held_by": c.held_by,
            }
            for c in record.checkins
        ],
        "timeline": [
            {
                "at": _iso(e.at), "kind": e.kind.value, "agency": e.agency, "actor": e.actor,
                "text": e.text,
            }
            for e in record.timeline
        ],
    }  # fmt: skip


def _paging(record: EventRecord) -> list[dict[str, Any]]:
    return [
        {
            "agency": s.agency,
            "state": s.state.value,
            "acked_by": s.acked_by,
            "resolved_at": _iso(s.resolved_at),
            "pages": [
                {
                    "attempt": p.attempt, "target": p.target, "label": p.label,
                    "issued_at": _iso(p.issued_at), "state": p.state.value,
                    "resolved_at": _iso(p.resolved_at),
                }
                for p in sorted(record.pages, key=lambda p: p.attempt)
                if p.step_index == s.index
            ],
        }
        for s in sorted(record.steps, key=lambda s: s.index)
    ]  # fmt: skip


def _items(record: EventRecord) -> list[dict[str, Any]]:
    return [
        {
            "label": i.label, "kind": i.kind.value, "owner_agency": i.owner.agency,
            "owner_user": i.owner.user, "text": i.text, "due": _iso(i.due),
            "state": i.state.value, "resolved_at": _iso(i.resolved_at),
            "resolved_by": i.resolved_by, "resolution": i.resolution, "category": i.category,
        }
        for i in sorted(record.items, key=lambda i: (i.kind.value, i.number))
    ]  # fmt: skip
