"""Which agency (and program) an `AGENCY[/PROGRAM]` argument names."""

from __future__ import annotations

from protocols.config.schema import Agency, MactConfig
from protocols.errors import UserError


def agency_and_program(config: MactConfig, text: str) -> tuple[Agency, str | None]:
    """Raises UserError naming the known agencies, or the agency's programs."""
    code, _, program = text.upper().partition("/")
    agency = config.agency(code)
    if agency is None:
        known = ", ".join(config.agency_codes)
        raise UserError(f"There is no agency {code[:24]} (known: {known}).")
    if program and program not in {p.code for p in agency.programs}:
        known = ", ".join(p.code for p in agency.programs) or "none"
        raise UserError(f"{agency.code} has no program {program[:24]} (its programs: {known}).")
    return agency, program or None
