"""The chat grammar. `ALL` is the one visible list of commands the bot registers."""

from __future__ import annotations

from .aar import aar
from .ack import ack
from .action import action
from .actions import actions
from .activate import activate
from .audit import audit
from .cancel import cancel
from .carry import carry
from .checkin import checkin
from .close import close
from .decision import decision
from .directory import directory
from .done import done
from .drop import drop
from .extend import extend
from .framework import CommandRegistry, Handler
from .help import help_
from .improvements import improvements
from .lead import lead
from .note import note
from .outbox import outbox
from .ping import ping
from .reassign import reassign
from .status import status
from .summary import summary
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
    action,
    actions,
    done,
    extend,
    reassign,
    drop,
    carry,
    checkin,
    summary,
    close,
    aar,
    improvements,
    directory,
    audit,
    outbox,
]


def registry() -> CommandRegistry:
    return CommandRegistry(ALL)
