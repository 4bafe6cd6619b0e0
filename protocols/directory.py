"""The agency contact directory: every Matrix id MACT might page, and why."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

from protocols.config.policies import DirectorySettings
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


def stale(
    agencies: list[str],
    checks: Mapping[str, tuple[datetime | None, datetime | None]],
    verify_every: timedelta,
    now: datetime,
) -> list[tuple[str, datetime | None]]:
    """(agency, last verified or None) for each entry not verified within `verify_every`,
    in directory order."""
    out = []
    for code in agencies:
        verified_at = checks.get(code, (None, None))[0]
        if verified_at is None or now - verified_at >= verify_every:
            out.append((code, verified_at))
    return out


def reminders_due(
    agencies: list[str],
    checks: Mapping[str, tuple[datetime | None, datetime | None]],
    settings: DirectorySettings,
    now: datetime,
) -> list[str]:
    """The stale entries whose supervisors were not reminded within `remind_every`."""
    due = []
    for code, _ in stale(agencies, checks, settings.verify_every, now):
        reminded_at = checks.get(code, (None, None))[1]
        if reminded_at is None or now - reminded_at >= settings.remind_every:
            due.append(code)
    return due
