"""The agency contact directory: every Matrix id MACT might page, and why."""

from __future__ import annotations

from dataclasses import dataclass

from protocols.config.schema import MactConfig


@dataclass(frozen=True, slots=True)
class DirectoryEntry:
    agency: str
    label: str  # "primary", "backup", "after-hours contact", "escalation 1"
    matrix_id: str
    name: str | None


def pageable_contacts(config: MactConfig) -> list[DirectoryEntry]:
    out: list[DirectoryEntry] = []
    for agency in config.agencies:
        for label, contact in (
            ("primary", agency.primary),
            ("backup", agency.backup),
            ("after-hours contact", agency.after_hours_contact),
        ):
            if contact is not None:
                out.append(DirectoryEntry(agency.code, label, contact.matrix_id, contact.name))
        for n, user in enumerate(agency.escalation, start=1):
            out.append(DirectoryEntry(agency.code, f"escalation {n}", user, None))
    return out


def unreachable_report(entries: list[DirectoryEntry], problems: dict[str, str]) -> list[str]:
    """One line per directory entry whose Matrix id has a problem, in directory order."""
    lines = []
    for e in entries:
        if e.matrix_id in problems:
            who = f" ({e.name})" if e.name else ""
            lines.append(f"{e.agency} {e.label} {e.matrix_id}{who}: {problems[e.matrix_id]}")
    return lines
