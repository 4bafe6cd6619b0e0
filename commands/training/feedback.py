"""!training feedback T-n <1-5> [will-apply yes|no] [topic…] and !training topics."""

from __future__ import annotations

from commands.kernel.content import bulleted
from commands.kernel.framework import CommandContext, ParsedArgs, Reply
from commands.kernel.privacy import free_text
from protocols.errors import UserError
from protocols.training.sessions import Feedback, parse_rating, parse_training_id, ranked_topics
from storage.repositories import trainings


async def feedback(ctx: CommandContext, args: ParsedArgs) -> Reply:
    t = await trainings.get(ctx.session, parse_training_id(args.req("training")))
    if t is None or t.cancelled_at is not None:
        raise UserError(f"There is no training {args.req('training').upper()[:12]}.")
    if t.starts_at > ctx.now:
        raise UserError(f"{t.label} has not taken place yet: feedback comes after it.")
    rating = parse_rating(args.req("rating"))
    rest = (args.get("rest") or "").split()
    will_apply: bool | None = None
    if len(rest) >= 2 and rest[0].lower() == "will-apply":
        if rest[1].lower() not in ("yes", "no"):
            raise UserError("will-apply is yes or no.")
        will_apply, rest = rest[1].lower() == "yes", rest[2:]
    suggestion = free_text(ctx, " ".join(rest), "topic suggestion") if rest else None
    await trainings.add_feedback(ctx.session, Feedback(
        t.id, ctx.member.agency, ctx.sender, rating, will_apply, suggestion, ctx.now,
    ))  # fmt: skip
    ctx.audit_ref = t.label
    return Reply(f"Thank you: {t.label} rated {rating}/5"
                 + (f"; suggested: {suggestion}." if suggestion else "."))  # fmt: skip


async def topics(ctx: CommandContext) -> Reply:
    ranked = ranked_topics(f.suggestion for f in await trainings.feedback(ctx.session)
                           if f.suggestion)  # fmt: skip
    if not ranked:
        return Reply("No topics suggested yet: they come with !training feedback.")
    return bulleted("Suggested cross-training topics, most asked first",
                    [f"{text} ({n}×)" for text, n in ranked])  # fmt: skip
