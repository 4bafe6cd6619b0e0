"""!refer <agency>[/<program>] <purpose…> --basis … --urgency … --pathway … [--case REF]
[--consent …]: a referral to another agency, with a feedback deadline in its business days."""

from __future__ import annotations

from dataclasses import dataclass

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
from protocols.data.dictionary import NOT_COLLECTED, DataDictionary
from protocols.data.requirements import source_of
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
    "--consent written|verbal|none, and --housing CODE (the client's housing status, a "
    "data dictionary code; 'data-not-collected' if not given). Answers with the referral id "
    "R-YYYY-NNNN.",
    args=(
        Word("to", shown="AGENCY[/PROGRAM]"),
        Option("basis", "interview|records|partner"),
        Option("urgency", "standard|priority|urgent"),
        Option("pathway", "direct|warm|triage|embedded"),
        Option("case", "REF"),
        Option("consent", "written|verbal|none"),
        Option("housing", "CODE"),
        Rest("purpose", optional=False),
    ),
)
async def refer(ctx: CommandContext, args: ParsedArgs) -> Reply:
    agency, program = agency_and_program(ctx.config, args.req("to"))
    if agency.code == ctx.member.agency:
        raise UserError("A referral goes to another agency, not your own.")
    c = _coded(ctx, args)
    purpose = _purpose(ctx, args.req("purpose"), c.consent)
    case_ref = case_reference(ctx, args.req("case")) if args.get("case") else None
    tz = ctx.config.coalition.timezone
    rules = FeedbackRules.of(ctx.config.referrals)
    ref, seq = await referrals.next_id(ctx.session, ctx.now.year)
    referral = Referral(
        id=ref, from_agency=ctx.member.agency, from_user=ctx.sender, to_agency=agency.code,
        program=program, purpose=purpose, basis=c.basis, urgency=c.urgency,
        pathway=c.pathway, consent=c.consent, case_ref=case_ref, status=Status.SENT,
        created_at=ctx.now, due=feedback_due(ctx.now, c.urgency, agency, tz, rules),
        receiver=agency, coordinators=tuple(ctx.config.users_with_role(Role.COORDINATOR)),
        timezone=tz, ladder_step=(ctx.config.referrals.urgent_escalate_after
                                  if c.urgency is Urgency.URGENT else None),
        dict_version=c.version, source=c.source, housing=c.housing,
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
                             Interaction.REFERRAL, purpose, None, ref,
                             dict_version=c.version),
    )  # fmt: skip
    ctx.audit_ref = ref
    ctx.touched_events.add(ref)
    due = local(ctx.config, agency.code, referral.due)
    return Reply(
        f"{ref}: referral to {referral.to} sent to its {contact.label} ({c.urgency.value}, "
        f"{c.pathway.value}); feedback due by {due}.{_notes(referral)}"
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


@dataclass(frozen=True, slots=True)
class _Codes:
    """A referral's coded fields, each checked against the data dictionary."""

    version: str
    basis: Basis
    urgency: Urgency
    pathway: Pathway
    consent: Consent
    housing: str
    source: str | None


def _coded(ctx: CommandContext, args: ParsedArgs) -> _Codes:
    codes = ctx.config.codes
    sender = ctx.config.agency(ctx.member.agency)
    return _Codes(
        version=codes.version,
        basis=Basis(_choice(codes, "information_basis", args.get("basis"), "basis")),
        urgency=Urgency(_choice(codes, "referral_urgency", args.get("urgency"), "urgency")),
        pathway=Pathway(_choice(codes, "referral_pathway", args.get("pathway"), "pathway")),
        consent=Consent(_choice(codes, "consent", args.get("consent") or "verbal", "consent")),
        housing=codes.check("housing_status", args.get("housing") or NOT_COLLECTED, "--housing"),
        source=source_of(codes, sender.kind.value) if sender else None,
    )


def _purpose(ctx: CommandContext, text: str, consent: Consent) -> str:
    """The purpose, through the privacy detector; without consent, a generic one only."""
    purpose = free_text(ctx, text, "purpose")
    generic = ctx.config.referrals.generic_purposes
    if consent is Consent.NONE and purpose.strip().lower() not in {g.lower() for g in generic}:
        raise UserError("Without consent the purpose must be one of: " + "; ".join(generic) + ".")
    return purpose


def _choice(codes: DataDictionary, category: str, value: str | None, name: str) -> str:
    """An active code of the data dictionary's `category`, given as --`name`."""
    if value is None:
        raise UserError(f"Say --{name} {'|'.join(codes.category(category).active())}.")
    return codes.check(category, value, f"--{name}")
