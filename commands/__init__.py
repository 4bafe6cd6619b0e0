"""The chat grammar. `ALL` is the one visible list of commands the bot registers."""

from __future__ import annotations

from .ack import ack
from .activate import activate
from .audit import audit
from .cancel import cancel
from .decision import decision
from .directory import directory
from .framework import CommandRegistry, Handler
from .help import help_
from .lead import lead
from .note import note
from .ping import ping
from .status import status
from .unavailable import unavailable
from .whoami import whoami

ALL: list[Handler] = [
    help_,
    ping,
    whoami,
    activate,
    ack,
    unavailable,
    status,
    lead,
    cancel,
    decision,
    note,
    directory,
    audit,
]


def registry() -> CommandRegistry:
    return CommandRegistry(ALL)
