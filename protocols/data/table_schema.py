"""The dictionary as Frictionless Table Schemas: the shared tables agencies export from their
own systems (referrals, contacts, cases), each field typed and, where it holds a code, held
to the dictionary's codes. `mact dict export` writes them as a Data Package; `mact validate
--file` checks an agency's CSV against them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from protocols.data.dictionary import DataDictionary

TABLES = ("referrals", "contacts", "cases")


def _codes(d: DataDictionary, category: str) -> list[str]:
    """Every code of the category, retired ones too (old rows may carry them; the checks
    warn of those), and the kinds of unknown where it admits them."""
    c = d.categories[category]
    return [x.code for x in c.codes] + ([x.code for x in d.unknown.codes] if c.unknown else [])


def _field(name: str, kind: str, description: str, *, required: bool = False,
           enum: Sequence[str] | None = None) -> dict[str, Any]:  # fmt: skip
    field: dict[str, Any] = {"name": name, "type": kind, "description": description}
    constraints: dict[str, Any] = {}
    if required:
        constraints["required"] = True
    if enum is not None:
        constraints["enum"] = list(enum)
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(d: DataDictionary, table: str, agencies: Sequence[str]) -> dict[str, Any]:
    """The Table Schema of one shared table. Raises KeyError for an unknown table."""
    builders = {"referrals": _referrals, "contacts": _contacts, "cases": _cases}
    return builders[table](d, list(agencies))


def _referrals(d: DataDictionary, agencies: list[str]) -> dict[str, Any]:
    f = _field
    return {
        "fields": [
            f("referral_id", "string", "The referral's id in the exporting system", required=True),
            f("case_id", "string", "A non-identifying case id in the agency's pattern"),
            f("referring_agency", "string", "Agency code", required=True, enum=agencies),
            f("receiving_agency", "string", "Agency code", required=True, enum=agencies),
            f("program", "string", "The receiving program's code"),
            f("referral_date", "date", "When it was sent", required=True),
            f("feedback_date", "date", "When the receiving agency first answered"),
            f("urgency", "string", "Time sensitivity", required=True,
              enum=_codes(d, "referral_urgency")),
            f("pathway", "string", "Referral pathway", required=True,
              enum=_codes(d, "referral_pathway")),
            f("referral_source", "string", "Who referred", enum=_codes(d, "referral_source")),
            f("information_basis", "string", "Information basis",
              enum=_codes(d, "information_basis")),
            f("status", "string", "Referral status", required=True,
              enum=_codes(d, "referral_status")),
            f("decline_reason", "string", "Why declined or waitlisted",
              enum=_codes(d, "decline_reason")),
            f("housing_status", "string", "Housing status at referral",
              enum=_codes(d, "housing_status")),
            f("service_start", "date", "When service started"),
            f("service_closed", "date", "When service closed"),
        ],
        "primaryKey": ["referral_id"],
    }  # fmt: skip


def _contacts(d: DataDictionary, agencies: list[str]) -> dict[str, Any]:
    f = _field
    return {
        "fields": [
            f("contact_date", "date", "When the contact took place", required=True),
            f("from_agency", "string", "Agency code", required=True, enum=agencies),
            f("with_agency", "string", "Agency code", required=True, enum=agencies),
            f("interaction_type", "string", "How it took place", required=True,
              enum=_codes(d, "interaction_type")),
            f("service_modality", "string", "Service modality",
              enum=_codes(d, "service_modality")),
        ],
    }  # fmt: skip


def _cases(d: DataDictionary, agencies: list[str]) -> dict[str, Any]:
    f = _field
    return {
        "fields": [
            f("case_id", "string", "A non-identifying case id in the agency's pattern",
              required=True),
            f("agency", "string", "Agency code", required=True, enum=agencies),
            f("case_status", "string", "Case status", required=True,
              enum=_codes(d, "case_status")),
            f("housing_status", "string", "Housing status", enum=_codes(d, "housing_status")),
            f("service_modality", "string", "Service modality",
              enum=_codes(d, "service_modality")),
            f("intake_date", "date", "Intake", required=True),
            f("service_start", "date", "When service started"),
            f("closure_date", "date", "When the case closed"),
        ],
        "primaryKey": ["case_id"],
    }  # fmt: skip


def data_package(d: DataDictionary, agencies: Sequence[str]) -> dict[str, Any]:
    """Every shared table as a Frictionless Data Package descriptor (no data, schemas)."""
    return {
        "name": "mact-shared-data",
        "title": d.title,
        "version": d.version,
        "resources": [
            {"name": t, "path": f"{t}.csv", "format": "csv",
             "schema": table_schema(d, t, agencies)}
            for t in TABLES
        ],
    }  # fmt: skip
