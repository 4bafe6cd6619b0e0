"""!answer Q-n <text…>: the receiving agency answers a coordination request; the asker is
told in a DM, and the request stops being chased."""

from __future__ import annotations

import dataclasses

from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, Word, command
from commands.kernel.privacy import free_text
from commands.referrals.messages import person_dm
from protocols.errors import PermissionDenied, UserError
from protocols.referrals.contact_log import Contact, Interaction
from protocols.referrals.requests import parse_request_id
from protocols.roles import ALL_ROLES
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import contact_log, requests, timeline


@command(
    "answer",
    roles=ALL_ROLES,
    help="Answer a coordination request addressed to your agency; the asker is told.",
    args=(Word("request", shown="Q-n"), Rest("text", optional=False)),
    contacts_allowed=True,
)
async def answer(ctx: CommandContext, args: ParsedArgs) -> Reply:
    ref = parse_request_id(args.req("request"))
    found = await requests.get(ctx.session, ref)
    if found is None:
        raise UserError(f"There is no request {ref}.")
    if ctx.member.agency != found.to_agency:
        raise PermissionDenied(
            f"{ref} was asked of {found.to_agency}; you are with {ctx.member.agency}."
        )
    if found.answered_at is not None:
        raise UserError(f"{ref} was answered already.")
    text = free_text(ctx, args.req("text"), "answer")
    answered = dataclasses.replace(found, answered_at=ctx.now, answered_by=ctx.sender, answer=text)
    await requests.save(ctx.session, answered)
    await timeline.append(
        ctx.session,
        TimelineEntry(ref, ctx.now, EntryKind.REFERRAL, "answered", ctx.member.agency, ctx.sender),
    )
    # In the log as the request's purpose and its answer: what was asked, what came back.
    await contact_log.add(
        ctx.session, Contact(ctx.now, ctx.member.agency, ctx.sender, found.from_agency,
                             Interaction.ANSWER, found.purpose, text, ref,
                             dict_version=ctx.config.codes.version),
    )  # fmt: skip
    said = f"answered by {found.to_agency}: {text}"
    ctx.outgoing.append(person_dm(ref, found.from_user, "answered", said))
    ctx.audit_ref = ref
    ctx.touched_events.add(ref)
    return Reply(f"{ref} answered; {found.from_agency} is told.")
