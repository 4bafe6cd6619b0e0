"""The chat grammar. `ALL` is the one visible list of commands the bot registers."""

from __future__ import annotations

from .audit import audit
from .framework import CommandRegistry, Handler
from .help import help_
from .ping import ping
from .whoami import whoami

ALL: list[Handler] = [help_, ping, whoami, audit]


def registry() -> CommandRegistry:
    return CommandRegistry(ALL)
