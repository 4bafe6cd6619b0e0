"""Errors of the sending path."""

from __future__ import annotations


class NotEncrypted(RuntimeError):
    """Sending would not be end-to-end encrypted, so nothing is sent."""


class RecipientUnreachable(RuntimeError):
    """The recipient's homeserver did not answer: the message waits and is sent again, as
    after a network failure, without using up its attempts."""


class WaitingForRoot(RuntimeError):
    """The message belongs in a thread whose root is not sent yet: it waits, without using
    up its attempts."""
