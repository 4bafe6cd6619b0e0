"""`mact validate --file export.csv --table referrals|contacts|cases`: an agency's export
from its own system, checked against the dictionary's Table Schema with Frictionless
(types, required fields, codes, unique ids), then by the same rules as MACT's own records
(date orders, duplicates, retired codes, shares of unknown).

A column that looks like client data (by its name, or by what the privacy detector finds
in it) is refused: named, never echoed, and never read further. Findings carry column names
and row numbers only."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

import frictionless as fl

from protocols.config.schema import MactConfig
from protocols.data.table_schema import table_schema
from protocols.data.validation import (
    TIER_ORDER,
    Finding,
    ReferralFacts,
    Tier,
    UnknownRule,
    date_orders,
    duplicates,
    retired_codes,
    unknown_shares,
)
from protocols.privacy import detector_for

# Column names that announce client-identifying data, whatever their values.
_IDENTIFYING = re.compile(
    r"(^|_)(name|first|last|surname|given|dob|birth|birthdate|ssn|social|sin|nino|phone|"
    r"mobile|cell|tel|email|e_mail|address|street|addr|zip|postcode|postal|mrn|medicaid|"
    r"license|licence|passport|client_id|person_id)($|_)"
)
_SAMPLE = 500
# Column-level problems said above by name (extra and missing columns), not cell by cell.
_SAID_ABOVE = ("extra-label", "missing-label", "extra-cell", "blank-label")
# Frictionless error types, as the finding each becomes.
_TYPES = {
    "constraint-error": (Tier.ERROR, "not one of the dictionary's codes"),
    "type-error": (Tier.ERROR, "not of the field's type (dates read YYYY-MM-DD)"),
    "missing-cell": (Tier.ERROR, "missing required value"),
    "primary-key": (Tier.HIGH, "the same id twice"),
    "duplicate-row": (Tier.HIGH, "the same row twice"),
}
_CODED = {
    "referrals": {"urgency": "referral_urgency", "pathway": "referral_pathway",
                  "referral_source": "referral_source", "information_basis": "information_basis",
                  "status": "referral_status", "decline_reason": "decline_reason",
                  "housing_status": "housing_status"},
    "contacts": {"interaction_type": "interaction_type", "service_modality": "service_modality"},
    "cases": {"case_status": "case_status", "housing_status": "housing_status",
              "service_modality": "service_modality"},
}  # fmt: skip


def _header(path: Path) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        return next(csv.reader(f), [])


def _column_values(path: Path, column: str) -> list[str]:
    with path.open(newline="", encoding="utf-8-sig") as f:
        values = []
        for row in csv.DictReader(f):
            value = (row.get(column) or "").strip()
            if value:
                values.append(value)
            if len(values) >= _SAMPLE:
                break
        return values


def identifying_columns(path: Path, config: MactConfig, schema: dict[str, Any]) -> list[Finding]:
    """Columns refused as client data: by name, or (for columns that are not dates of
    the schema) by a value the privacy detector flags. Never the value itself."""
    dates = {f["name"] for f in schema["fields"] if f["type"] == "date"}
    coded = {f["name"] for f in schema["fields"] if "enum" in f.get("constraints", {})}
    detector = detector_for(config)
    found = []
    for column in _header(path):
        key = re.sub(r"[^a-z0-9]+", "_", column.strip().lower())
        if _IDENTIFYING.search(key):
            why = "its name says client data"
        elif column in dates or column in coded:
            continue
        else:
            hit = next((h for v in _column_values(path, column) if (h := detector.find(v))), None)
            if hit is None:
                continue
            why = f"it holds {hit.kind.value} data"
        what = (
            f"column looks like client-identifying data ({why}): remove it before sharing "
            "the file (its values are never shown)"
        )
        found.append(Finding(Tier.HIGH, "identifying-column", what, (column,)))
    return found


def check_export(path: Path, table: str, config: MactConfig) -> list[Finding]:
    """Every finding on the file, in tier order. Raises KeyError for an unknown table."""
    schema = table_schema(config.codes, table, config.agency_codes)
    refused = identifying_columns(path, config, schema)
    keep = [f["name"] for f in schema["fields"]]
    found = refused + _frictionless(path, schema, {f.ids[0] for f in refused}, keep)
    rows = _typed_rows(path, schema, keep)
    found += _rules(table, rows, config)
    return sorted(found, key=lambda x: TIER_ORDER.index(x.tier))


def _frictionless(path: Path, schema: dict[str, Any], refused: set[str],
                  keep: list[str]) -> list[Finding]:  # fmt: skip
    """The schema's own checks; columns not in it (refused ones included) are named as
    unexpected once and otherwise ignored."""
    header = _header(path)
    found = []
    extra = [c for c in header if c not in keep and c not in refused]
    if extra:
        what = "columns not in the shared table (ignored)"
        found.append(Finding(Tier.WARNING, "unexpected-column", what, tuple(extra)))
    missing = [c for c in keep if c not in header]
    required = {f["name"] for f in schema["fields"] if f.get("constraints", {}).get("required")}
    if [c for c in missing if c in required]:
        found.append(Finding(Tier.ERROR, "missing-column", "required columns missing",
                             tuple(c for c in missing if c in required)))  # fmt: skip
    # Frictionless reads only paths under its base path (it refuses absolute ones).
    # Columns are matched by name, whatever their order; extra and missing ones are said
    # above ('subset' in Frictionless' terms, its former schema sync).
    resource = fl.Resource(
        path=path.name, basepath=str(path.parent),
        schema=fl.Schema.from_descriptor({**schema, "fieldsMatch": "subset"}),
    )  # fmt: skip
    report = resource.validate(checklist=fl.Checklist(skip_errors=list(_SAID_ABOVE)))
    cells: dict[tuple[str, str], list[str]] = defaultdict(list)
    for row_number, field, kind, note in report.flatten(["rowNumber", "fieldName", "type",
                                                        "note"]):  # fmt: skip
        if kind == "constraint-error" and '"required"' in str(note):
            kind = "missing-cell"
        if kind in _TYPES and field not in refused:
            cells[(kind, field or "")].append(f"row {row_number}")
        elif kind not in _TYPES and row_number is None:
            # The file itself (not CSV, unreadable): said by type, never by content.
            found.append(Finding(Tier.ERROR, kind, "the file could not be checked", (path.name,)))
    for (kind, field), ids in sorted(cells.items()):
        tier, what = _TYPES[kind]
        found.append(Finding(tier, kind, f"{field}: {what}" if field else what, tuple(ids)))
    return found


def _typed_rows(path: Path, schema: dict[str, Any], keep: list[str]) -> list[dict[str, Any]]:
    """The schema's columns of each row, typed (a cell that does not parse is None), with
    its row number; other columns are never read."""
    kinds = {f["name"]: f["type"] for f in schema["fields"]}
    rows = []
    with path.open(newline="", encoding="utf-8-sig") as f:
        for number, raw in enumerate(csv.DictReader(f), start=2):
            row: dict[str, Any] = {"_row": f"row {number}"}
            for name in keep:
                value = (raw.get(name) or "").strip() or None
                row[name] = _parse_date(value) if kinds[name] == "date" else value
            rows.append(row)
    return rows


def _parse_date(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _rules(table: str, rows: list[dict[str, Any]], config: MactConfig) -> list[Finding]:
    data = config.data
    rule = UnknownRule(data.unknown_ratio, data.unknown_min_share, data.unknown_min_records)
    agency_column = {"referrals": "referring_agency", "contacts": "from_agency",
                     "cases": "agency"}[table]  # fmt: skip
    facts = [_facts(table, r, agency_column) for r in rows]
    found = retired_codes(facts, config.codes)
    observations = [(str(r[agency_column]), category, str(r[column]))
                    for r in rows for column, category in _CODED[table].items()
                    if config.codes.categories.get(category) is not None
                    and config.codes.categories[category].unknown and r.get(column)
                    and r.get(agency_column)]  # fmt: skip
    found += unknown_shares(observations, config.codes, rule)
    if table in ("referrals", "cases"):
        found += date_orders(facts)
    if table == "referrals":
        found += duplicates(facts, data.duplicate_within)
    return [f for f in found if f.check != "unknown-code"]  # the schema's enum said so


def _facts(table: str, r: dict[str, Any], agency_column: str) -> ReferralFacts:
    codes = {category: str(r[column]) for column, category in _CODED[table].items()
             if r.get(column)}  # fmt: skip
    if table == "referrals":
        return ReferralFacts(
            id=r["_row"], from_agency=str(r.get("referring_agency") or ""),
            to_agency=str(r.get("receiving_agency") or ""), sent=r.get("referral_date"),
            case_id=r.get("case_id"), feedback=r.get("feedback_date"),
            started=r.get("service_start"), closed=r.get("service_closed"),
            cancelled=r.get("status") == "cancelled", codes=codes,
        )  # fmt: skip
    if table == "cases":
        return ReferralFacts(
            id=r["_row"], from_agency=str(r.get("agency") or ""), to_agency="",
            sent=r.get("intake_date"), started=r.get("service_start"),
            closed=r.get("closure_date"), codes=codes,
        )  # fmt: skip
    return ReferralFacts(id=r["_row"], from_agency=str(r.get(agency_column) or ""),
                         to_agency=str(r.get("with_agency") or ""), sent=r.get("contact_date"),
                         codes=codes)  # fmt: skip
