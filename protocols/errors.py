"""The one error family whose message is written for the chat room."""

from __future__ import annotations


class UserError(Exception):
    """A problem the sender can fix; `str(err)` is shown to them as one line."""


class UsageError(UserError):
    """The arguments did not match the command's grammar."""


class PermissionDenied(UserError):
    """The sender's roster entry does not allow this command."""


class PrivacyViolation(UserError):
    """Input looked like client-identifying data and was refused."""
