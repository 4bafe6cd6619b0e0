"""The dictionary a coalition that configured none works with: MACT's own codes, with
one-line definitions, and a referral source per kind of agency. A coalition writes its own
(see data-dictionary.example.toml) to agree on definitions."""

from __future__ import annotations

from functools import cache

from protocols.config.schema import AgencyKind
from protocols.data.dictionary import Category, Code, DataDictionary
from protocols.data.requirements import CLOSED
from protocols.referrals.contact_log import Interaction

BUILTIN_VERSION = "0000.0"
_UNKNOWN = (
    ("client-doesnt-know", "Client doesn't know"),
    ("client-prefers-not-to-answer", "Client prefers not to answer"),
    ("data-not-collected", "Data not collected"),
)


def _codes(values: list[str]) -> tuple[Code, ...]:
    return tuple(
        Code(code=v, label=v.replace("-", " ").capitalize(), definition=f"MACT's code '{v}'.")
        for v in values
    )


def _category(title: str, values: list[str], unknown: bool = False) -> Category:
    return Category(title=title, definition=f"{title} (MACT's built-in list).",
                    unknown=unknown, codes=_codes(values))  # fmt: skip


@cache
def builtin_dictionary() -> DataDictionary:
    closed = {
        name: _category(name.replace("_", " ").capitalize(), [e.value for e in enum])
        for name, (enum, _) in CLOSED.items()
    }
    sources = tuple(
        Code(code=k.value.replace("_", "-"), label=k.value.replace("_", " ").capitalize(),
             definition=f"Referred by an agency of kind {k.value}.", agency_kinds=(k.value,))
        for k in AgencyKind
    )  # fmt: skip
    return DataDictionary(
        version=BUILTIN_VERSION,
        title="MACT's built-in codes",
        unknown=Category(title="Unknown", definition="The three kinds of unknown.",
                         codes=_codes([c for c, _ in _UNKNOWN])),
        categories={
            **closed,
            "interaction_type": _category("Interaction type", [i.value for i in Interaction]),
            "referral_source": Category(title="Referral source", definition="Who referred.",
                                        codes=sources),
            "case_status": _category("Case status", ["active", "inactive-monitoring", "closed"]),
            "housing_status": _category("Housing status", ["housed", "unhoused"], unknown=True),
            "service_modality": _category("Service modality", ["in-person", "remote"], True),
        },
    )  # fmt: skip
