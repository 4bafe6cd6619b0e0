"""!topic add <text> queues a focus topic for the next agenda; !topic lists the queue and
the topics training feedback suggests most."""

from __future__ import annotations

from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, Sub, command
from commands.kernel.privacy import free_text
from protocols.roles import STAFF_ROLES
from protocols.training.sessions import ranked_topics
from storage.repositories import meetings, trainings


@command(
    "topic",
    roles=STAFF_ROLES,
    help="'add <text>' queues a focus topic for the next meeting's agenda; alone, the queue "
    "and the topics training feedback suggests.",
    subcommands=(Sub("add", (Rest("text", optional=False),)), Sub("")),
)
async def topic(ctx: CommandContext, args: ParsedArgs) -> Reply:
    if args.get("sub") == "add":
        text = free_text(ctx, args.req("text"), "topic")
        topic_id = await meetings.add_topic(ctx.session, text, ctx.member.agency, ctx.sender,
                                            ctx.now)  # fmt: skip
        return Reply(f"Topic {topic_id} queued for the next agenda: {text}")
    queued = [f"{n}: {text}" for n, text in await meetings.queued_topics(ctx.session)]
    suggested = [f"{text} (suggested {n}×)" for text, n in
                 ranked_topics(f.suggestion for f in await trainings.feedback(ctx.session)
                               if f.suggestion)[:5]]  # fmt: skip
    if not queued and not suggested:
        return Reply("No focus topics queued: !topic add <text>.")
    return bulleted("Focus topics: queued, then suggested in training feedback", queued + suggested)
