"""Errors of the sending path."""

from __future__ import annotations


class NotEncrypted(RuntimeError):
    """Sending would not be end-to-end encrypted, so nothing is sent."""
