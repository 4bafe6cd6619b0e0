"""The privacy detector as commands use it: the coalition's own (its names allowed, its
deny-list and phone region applied) for every free-text field and case reference."""

from __future__ import annotations

from commands.kernel.framework import CommandContext
from protocols.data.caseids import check_case_id
from protocols.privacy import check_case_reference, check_free_text, detector_for


def free_text(ctx: CommandContext, text: str, what: str) -> str:
    """`text` unchanged; raises PrivacyViolation (one line: what was found and where,
    never the text) if it could identify a client."""
    return check_free_text(text, what, detector_for(ctx.config))


def case_reference(ctx: CommandContext, ref: str) -> str:
    """`ref` as stored: it passed the privacy rules and, where the sender's agency has a
    case id pattern, has that pattern (UserError showing the pattern otherwise)."""
    checked = check_case_reference(ref, detector_for(ctx.config))
    agency = ctx.config.agency(ctx.member.agency)
    pattern = agency.case_id_pattern if agency else None
    return check_case_id(pattern, ctx.member.agency, checked) if pattern else checked
