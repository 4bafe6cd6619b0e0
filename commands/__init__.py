"""The chat grammar. `ALL` is the one visible list of commands the bot registers, and
`DEADLINES` the one list of features whose records have deadlines (see `deadlines.py`)."""

from __future__ import annotations

from commands.admin.audit import audit
from commands.admin.help import help_
from commands.admin.outbox import outbox
from commands.admin.ping import ping
from commands.admin.whoami import whoami
from commands.data.caseid import caseid
from commands.data.dict_ import dict_
from commands.data.indicators import indicators
from commands.data.validate import validate
from commands.deadlines import DeadlineSource
from commands.directory.directory import directory
from commands.directory.oncall import oncall
from commands.huddle import deadlines as huddle_deadlines
from commands.huddle.action import action
from commands.huddle.actions import actions
from commands.huddle.carry import carry
from commands.huddle.checkin import checkin
from commands.huddle.close import close
from commands.huddle.decision import decision
from commands.huddle.done import done
from commands.huddle.drop import drop
from commands.huddle.extend import extend
from commands.huddle.note import note
from commands.huddle.reassign import reassign
from commands.huddle.status import status
from commands.huddle.summary import summary
from commands.kernel.framework import CommandRegistry, Handler
from commands.kernel.router import ReactionHandler
from commands.paging import deadlines as paging_deadlines
from commands.paging.ack import ack
from commands.paging.activate import activate
from commands.paging.cancel import cancel
from commands.paging.lead import lead
from commands.paging.reactions import ack_reactions
from commands.paging.unavailable import unavailable
from commands.referrals import deadlines as referral_deadlines
from commands.referrals.answer import answer
from commands.referrals.ask import ask
from commands.referrals.capacity import capacity
from commands.referrals.log import log
from commands.referrals.raise_problem import raise_
from commands.referrals.refer import refer
from commands.referrals.referral import referral
from commands.referrals.referrals_list import referrals_
from commands.referrals.report import report
from commands.review import deadlines as review_deadlines
from commands.review.aar import aar
from commands.review.improvements import improvements
from protocols.config.schema import MactConfig

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
    refer,
    referral,
    referrals_,
    capacity,
    ask,
    answer,
    log,
    raise_,
    report,
    caseid,
    dict_,
    validate,
    indicators,
    directory,
    oncall,
    audit,
    outbox,
]


# Paging first, then the huddle, then the review: one event's sources run in this order in
# one transaction.
DEADLINES: list[DeadlineSource] = [
    paging_deadlines.SOURCE,
    huddle_deadlines.SOURCE,
    review_deadlines.SOURCE,
    referral_deadlines.SOURCE,
    referral_deadlines.REQUESTS,
]


def reactions(config: MactConfig) -> dict[str, ReactionHandler]:
    """Reaction key (without modifiers) → what it does; every other key is ignored."""
    return ack_reactions(config)


def registry() -> CommandRegistry:
    return CommandRegistry(ALL)
