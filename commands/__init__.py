"""The chat grammar. `ALL` is the one visible list of commands the bot registers, and
`DEADLINES` the one list of features whose records have deadlines (see `deadlines.py`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

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
from commands.kernel.router import (
    IncomingReaction,
    ReactionHandler,
    ReactionResult,
)
from commands.meetings import deadlines as meeting_deadlines
from commands.meetings.attendance import here, regrets
from commands.meetings.meeting import meeting
from commands.meetings.minutes_cmd import minutes_
from commands.meetings.notes import agreed, info
from commands.meetings.reactions import CONFIRM, OBJECT, minutes_reaction
from commands.meetings.sent import agenda_sent, minutes_sent
from commands.meetings.topic import topic
from commands.paging import deadlines as paging_deadlines
from commands.paging.ack import ack
from commands.paging.activate import activate
from commands.paging.cancel import cancel
from commands.paging.lead import lead
from commands.paging.reactions import ack_reactions
from commands.paging.sequence import page_delivered, root_sent
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
from commands.training import deadlines as training_deadlines
from commands.training.reactions import KEYS as RSVP_KEYS
from commands.training.reactions import rsvp_reaction, training_sent
from commands.training.training import training
from protocols.config.schema import MactConfig
from protocols.outbox import OutgoingMessage

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
    meeting,
    minutes_,
    here,
    regrets,
    info,
    agreed,
    topic,
    training,
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
    meeting_deadlines.SOURCE,
    training_deadlines.SOURCE,
]

# A sent message's `ref` kind → what its send means, recorded in the transaction that
# marks it sent (its event id: what a reaction answers, a thread's root).
SentHook = Callable[[AsyncSession, str, str, str], Awaitable[list[OutgoingMessage]]]
SENT: dict[str, SentHook] = {
    "page": lambda s, key, event_id, room_id: page_delivered(s, int(key), event_id, room_id),
    "root": lambda s, key, event_id, _: root_sent(s, key, event_id),
    "agenda": lambda s, key, event_id, _: agenda_sent(s, key, event_id),
    "minutes": lambda s, key, event_id, _: minutes_sent(s, key, event_id),
    "training": lambda s, key, event_id, _: training_sent(s, key, event_id),
}


def reactions(config: MactConfig) -> dict[str, ReactionHandler]:
    """Reaction key (without modifiers) → what it does; every other key is ignored. A key
    with several meanings tries the specific ones first (minutes, an RSVP: each knows its
    own messages), the page acknowledgement last."""
    acks = ack_reactions(config)
    table: dict[str, ReactionHandler] = {}
    for key in {*acks, *RSVP_KEYS, *CONFIRM, *OBJECT}:
        specific: list[tuple[ReactionHandler, set[str]]] = [
            (minutes_reaction, CONFIRM | OBJECT),
            (rsvp_reaction, set(RSVP_KEYS)),
        ]
        chain = [h for h, keys in specific if key in keys]
        if key in acks:
            chain.append(acks[key])
        table[key] = _first_of(chain)
    return table


def _first_of(handlers: list[ReactionHandler]) -> ReactionHandler:
    async def handle(
        session: AsyncSession, config: MactConfig, reaction: IncomingReaction, now: datetime
    ) -> ReactionResult | None:
        for handler in handlers:
            result = await handler(session, config, reaction, now)
            if result is not None:
                return result
        return None

    return handle


def registry() -> CommandRegistry:
    return CommandRegistry(ALL)
