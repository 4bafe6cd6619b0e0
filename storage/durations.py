"""Durations in JSON snapshots, as seconds."""

from __future__ import annotations

from datetime import timedelta


def to_seconds(value: timedelta | None) -> float | None:
    return value.total_seconds() if value is not None else None


def from_seconds(value: object) -> timedelta | None:
    """None for anything but a number (a snapshot written before the key existed)."""
    return timedelta(seconds=float(value)) if isinstance(value, int | float) else None
