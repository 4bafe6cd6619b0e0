"""!ask <agency> <routine|time-sensitive|policy> <purpose…>: a coordination request to an
agency's contact (a policy question to its senior contact), with its response window."""

from __future__ import annotations

from commands.kernel.content import notice
from commands.kernel.framework import CommandContext, ParsedArgs, Reply, Rest, Word, command
from commands.kernel.privacy import free_text
from commands.kernel.render import B, C, doc, para
from commands.referrals.lookup import agency_and_program
from commands.referrals.messages import local
from protocols.errors import UserError
from protocols.outbox import OutgoingMessage
from protocols.paging.escalation import contact_chain
from protocols.referrals.contact_log import Contact, Interaction
from protocols.referrals.requests import Request, RequestKind, ladder_step, request_due
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import contact_log, requests, timeline

KINDS = "|".join(k.value for k in RequestKind)


@command(
    "ask",
    roles=STAFF_ROLES,
    help="A coordination request to another agency: routine (answered within the configured "
    "business days), time-sensitive (the same business day) or policy (to its senior "
    "contact). Its contact answers with !answer Q-n <text>; unanswered, it is chased.",
    args=(Word("agency"), Word("kind", shown=KINDS), Rest("purpose", optional=False)),
)
async def ask(ctx: CommandContext, args: ParsedArgs) -> Reply:
    agency, _ = agency_and_program(ctx.config, args.req("agency"))
    if agency.code == ctx.member.agency:
        raise UserError("A request goes to another agency, not your own.")
    try:
        kind = RequestKind(args.req("kind").lower())
    except ValueError:
        raise UserError(f"The kind is one of {KINDS}, not '{args.req('kind')[:24]}'.") from None
    purpose = free_text(ctx, args.req("purpose"), "purpose")
    tz = ctx.config.coalition.timezone
    ref, seq = await requests.next_id(ctx.session)
    request = Request(
        id=ref, from_agency=ctx.member.agency, from_user=ctx.sender, to_agency=agency.code,
        kind=kind, purpose=purpose, created_at=ctx.now,
        due=request_due(ctx.now, kind, agency, tz, ctx.config.referrals), receiver=agency,
        coordinators=tuple(ctx.config.users_with_role(Role.COORDINATOR)), timezone=tz,
        ladder_step=ladder_step(kind, ctx.config.referrals),
        dict_version=ctx.config.codes.version,
    )  # fmt: skip
    await requests.insert(ctx.session, request, seq)
    chain = contact_chain(agency, ctx.now, tz)
    target = chain[-1] if kind is RequestKind.POLICY else chain[0]
    due = local(ctx.config, agency.code, request.due)
    text = f"{kind.value} request from {ctx.member.agency}, answer by {due}: {purpose}"
    ctx.outgoing.append(_dm(request, str(target.user_id), "asked", text, ctx.prefix))
    await timeline.append(
        ctx.session, TimelineEntry(ref, ctx.now, EntryKind.REFERRAL, f"asked {agency.code}",
                                   ctx.member.agency, ctx.sender),
    )  # fmt: skip
    await contact_log.add(
        ctx.session, Contact(ctx.now, ctx.member.agency, ctx.sender, agency.code,
                             Interaction.REQUEST, purpose, None, ref,
                             dict_version=ctx.config.codes.version),
    )  # fmt: skip
    ctx.audit_ref = ref
    ctx.touched_events.add(ref)
    return Reply(f"{ref}: {kind.value} request to {agency.code} sent; answer expected by {due}.")


def _dm(r: Request, user: str, key: str, text: str, prefix: str) -> OutgoingMessage:
    reply = doc(para(B(r.id), f" {text}"), para("Reply with ", C(f"{prefix}answer {r.id} <text>")))
    return OutgoingMessage(
        txn_id=f"request-{r.id}-{key}-{user}",
        room_id=None,
        to_user=user,
        event_type="m.room.message",
        content=notice(reply),
    )
