"""Decisions: first-class records of who decided what, with whom present, and why."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from protocols.ids import UserId
from protocols.paging.escalation import Step, StepState


@dataclass(frozen=True, slots=True)
class Decision:
    event_id: str
    number: int
    at: datetime
    by: UserId
    agency: str
    text: str
    rationale: str | None
    # Agencies present when it was taken: those that had acknowledged, and the decider's.
    present: tuple[str, ...]

    @property
    def label(self) -> str:
        return f"D-{self.number}"


def present_agencies(steps: list[Step], decider_agency: str) -> tuple[str, ...]:
    """The acknowledged participants in sequence order, then the decider's agency if it is
    not among them (a coordinator's office, say)."""
    present = [
        s.agency for s in sorted(steps, key=lambda s: s.index) if s.state is StepState.ACKNOWLEDGED
    ]
    if decider_agency not in present:
        present.append(decider_agency)
    return tuple(present)
