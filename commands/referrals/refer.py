"""!refer <agency>[/<program>] <purpose…> --basis … --urgency … --pathway … [--case REF]
[--consent …]: a referral to another agency, with a feedback deadline in its business days."""

from __future__ import annotations

from typing import TypeVar

from commands.kernel.framework import (
    CommandContext,
    Option,
    ParsedArgs,
    Reply,
    Rest,
    Word,
    command,
)
from commands.kernel.privacy import case_reference, free_text
from commands.referrals.lookup import agency_and_program
from commands.referrals.messages import local, receiving_notes, to_receiver
from protocols.durations import format_duration
from protocols.errors import UserError
from protocols.paging.escalation import contact_chain
from protocols.referrals.capacity import Availability
from protocols.referrals.contact_log import Contact, Interaction
from protocols.referrals.feedback import FeedbackRules, feedback_due
from protocols.referrals.lifecycle import (
    Basis,
    Consent,
    Pathway,
    Referral,
    Status,
    Urgency,
)
from protocols.roles import STAFF_ROLES, Role
from protocols.timeline import EntryKind, TimelineEntry
from storage.repositories import capacity, contact_log, referrals, timeline


@command(
    "refer",
    roles=STAFF_ROLES,
    help="Refer to another agency (or one of its programs): the purpose (no client details), "
    "--basis interview|records|partner, --urgency standard|priority|urgent, --pathway "
    "direct|warm|triage|embedded, optionally --case REF (never shown to the receiver) and "
    "--consent written|verbal|none. Answers with the referral id R-YYYY-NNNN.",
    args=(
        Word("to", shown="AGENCY[/PROGRAM]"),
        Option("basis", "interview|records|partner"),
        Option("urgency", "standard|priority|urgent"),
        Option("pathway", "direct|warm|triage|embedded"),
        Option("case", "REF"),
        Option("consent", "written|verbal|none"),
        Rest("purpose", optional=False),
    ),
)
async def refer(ctx: CommandContext, args: ParsedArgs) -> Reply:
    agency, program = agency_and_program(ctx.config, args.req("to"))
    if agency.code == ctx.member.agency:
        raise UserError("A referral goes to another agency, not your own.")
    basis = _choice(Basis, args.get("basis"), "basis")
    urgency = _choice(Urgency, args.get("urgency"), "urgency")
    pathway = _choice(Pathway, args.get("pathway"), "pathway")
    consent = _choice(Consent, args.get("consent") or "verbal", "consent")
    purpose = free_text(ctx, args.req("purpose"), "purpose")
    if consent is Consent.NONE:
        generic = ctx.config.referrals.generic_purposes
        if purpose.strip().lower() not in {g.lower() for g in generic}:
            raise UserError(
                "Without consent the purpose must be one of: " + "; ".join(generic) + "."
            )
    case_ref = case_reference(ctx, args.req("case")) if args.get("case") else None
    tz = ctx.config.coalition.timezone
    rules = FeedbackRules.of(ctx.config.referrals)
    ref, seq = await referrals.next_id(ctx.session, ctx.now.year)
    referral = Referral(
        id=ref, from_agency=ctx.member.agency, from_user=ctx.sender, to_agency=agency.code,
        program=program, purpose=purpose, basis=basis, urgency=urgency, pathway=pathway,
        consent=consent, case_ref=case_ref, status=Status.SENT, created_at=ctx.now,
        due=feedback_due(ctx.now, urgency, agency, tz, rules), receiver=agency,
        coordinators=tuple(ctx.config.users_with_role(Role.COORDINATOR)), timezone=tz,
        ladder_step=(ctx.config.referrals.urgent_escalate_after
                     if urgency is Urgency.URGENT else None),
    )  # fmt: skip
    await referrals.insert(ctx.session, referral, ctx.now.year, seq)
    contact = contact_chain(agency, ctx.now, tz)[0]
    await timeline.append(
        ctx.session,
        TimelineEntry(ref, ctx.now, EntryKind.REFERRAL, f"sent to {referral.to} ({contact.label})",
                      ctx.member.agency, ctx.sender),
    )  # fmt: skip
    ctx.outgoing.append(to_receiver(ctx.config, referral, contact.user_id, ctx.prefix))
    await contact_log.add(
        ctx.session, Contact(ctx.now, ctx.member.agency, ctx.sender, agency.code,
                             Interaction.REFERRAL, purpose, None, ref),
    )  # fmt: skip
    ctx.audit_ref = ref
    ctx.touched_events.add(ref)
    due = local(ctx.config, agency.code, referral.due)
    return Reply(
        f"{ref}: referral to {referral.to} sent to its {contact.label} ({urgency.value}, "
        f"{pathway.value}); feedback due by {due}.{_notes(referral)}"
        f"{await _full_note(ctx, agency.code, program)}"
    )


def _notes(referral: Referral) -> str:
    notes = receiving_notes(referral)
    return f" {notes}" if notes else ""


async def _full_note(ctx: CommandContext, agency: str, program: str | None) -> str:
    """Sent all the same, but the referrer knows it may be declined at capacity."""
    word = await capacity.get(ctx.session, agency, program) or await capacity.get(
        ctx.session, agency, None
    )
    if word is None or word.state is Availability.OPEN:
        return ""
    ago = format_duration(ctx.now - word.at)
    return f" Note: {word.where} said {word.said()} {ago} ago."


E = TypeVar("E", Basis, Urgency, Pathway, Consent)


def _choice(kind: type[E], value: str | None, name: str) -> E:
    choices = "|".join(k.value for k in kind)
    if value is None:
        raise UserError(f"Say --{name} {choices}.")
    try:
        return kind(value.lower())
    except ValueError:
        raise UserError(f"--{name} is one of {choices}, not '{value[:24]}'.") from None
