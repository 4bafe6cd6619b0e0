"""The layered privacy detector: each layer on its examples, the coalition's settings, and
the labelled corpus with the targets as assertions."""

from __future__ import annotations

from collections import Counter
from datetime import date

import phonenumbers
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from protocols.errors import PrivacyViolation
from protocols.privacy import Detector, Kind, check_free_text, detector_for
from tests.helpers.command_harness import example_config
from tests.privacy_corpus.corpus import IDENTIFYING, PASSING, load

COALITION = detector_for(example_config())

# What a new user tried, that the old detector let through (issue 11).
LET_THROUGH = [
    ("123-45-6789", Kind.IDENTIFIER),
    ("SSN 123456789", Kind.IDENTIFIER),
    ("client Jane Smith", Kind.NAME),
    ("her son Tyler, age 6", Kind.NAME),
    ("Maria Garcia-Lopez", Kind.NAME),
    ("42 Elm Street, Springfield", Kind.ADDRESS),
    ("lives at 1600 Pennsylvania Ave NW", Kind.ADDRESS),
    ("apt 4B", Kind.ADDRESS),
    ("May 3rd, 1990", Kind.DATE),
    ("jane at gmail dot com", Kind.EMAIL),
    ("five five five one two three four", Kind.SPELLED_DIGITS),
]


@pytest.mark.parametrize(("text", "kind"), LET_THROUGH)
def test_what_used_to_get_through_is_refused(text: str, kind: Kind) -> None:
    found = COALITION.find(text)
    assert found is not None and found.kind is kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("xxx-xx-6789", Kind.IDENTIFIER),
        ("last four 6789", Kind.IDENTIFIER),
        ("MRN 00452231", Kind.IDENTIFIER),
        ("plate ZX4 7712", Kind.IDENTIFIER),
        ("A# 204-118-563", Kind.IDENTIFIER),
        ("docket 26-OP-0411", Kind.IDENTIFIER),
        ("booking no 2026-004471", Kind.IDENTIFIER),
        ("+44 20 7946 0958", Kind.PHONE),
        ("(312) 555-0147", Kind.PHONE),
        ("born in 1997", Kind.DATE),
        ("on her birthday", Kind.DATE),
        ("DOB 4/17", Kind.DATE),
        ("PO Box 4471", Kind.ADDRESS),
        ("Joliet, IL 60435", Kind.ADDRESS),
        ("Ms. Okonkwo wants a callback", Kind.NAME),
        ("Deonte's mom called", Kind.NAME),
    ],
)
def test_each_layer_on_its_examples(text: str, kind: Kind) -> None:
    found = COALITION.find(text)
    assert found is not None and found.kind is kind, found


@pytest.mark.parametrize(
    "text",
    [
        "CE-2026-0001 two beds held until 22:00",
        "REF-2026-031 referral sent to Harbor House, due in 3 business days",
        "hearing Dec 14 at 09:00, room 204",
        "2 more beds on the way",
        "Will call back after 14:00; Grace period ends Friday",
        "Sam Okafor confirmed; Leo to fax the release by 3pm",
        "the 2025 annual review is scheduled for Jan 3",
        "A-3 done, D-2 logged, check-in #2 held",
    ],
)
def test_coordination_as_staff_type_it_passes(text: str) -> None:
    assert COALITION.find(text) is None


def test_the_refusal_says_what_and_where_never_the_text() -> None:
    with pytest.raises(PrivacyViolation) as refused:
        check_free_text("bed for client Jane Smith tonight", "note", COALITION)
    message = str(refused.value)
    assert message.startswith("note refused: it looks like a person's name (characters 16-19")
    assert "Jane" not in message and "Smith" not in message
    assert "say 'the client'" in message


def test_the_coalitions_settings() -> None:
    def configure(raw: dict) -> None:  # type: ignore[type-arg]
        raw["privacy"] = {
            "phone_region": "GB",
            "deny_terms": ["Willow Cottage"],
            "identifier_words": ["HMIS id"],
            "allowed_words": ["Tamsin"],
        }

    detector = detector_for(example_config(configure))
    assert detector.find("020 7946 0958") is not None  # a London number, as dialled there
    found = detector.find("she is at willow cottage tonight")
    assert found is not None and found.kind is Kind.DENIED
    found = detector.find("HMIS id 4471123")
    assert found is not None and found.kind is Kind.IDENTIFIER
    assert detector.find("Tamsin will confirm") is None
    # The coalition's own staff and agencies are never a client's name.
    assert COALITION.find("Aisha Grant and Ofc. Jamie Liu at Harbor House") is None
    assert Detector().find("Aisha Grant at Harbor House") is not None


def test_the_corpus_meets_the_targets() -> None:
    assert len(IDENTIFYING) >= 300 and len(PASSING) >= 300
    held_out = load("heldout_identifying")
    hits: Counter[str] = Counter()
    totals: Counter[str] = Counter()
    for kind, text in IDENTIFYING + held_out:
        totals[kind] += 1
        hits[kind] += COALITION.find(text) is not None
    for kind, total in totals.items():
        assert hits[kind] / total >= 0.97, (kind, hits[kind], total)
    passing = PASSING + load("heldout_passing")
    refused = [t for _, t in passing if COALITION.find(t) is not None]
    assert len(refused) / len(passing) <= 0.02, refused


@settings(max_examples=150)
@given(
    area=st.sampled_from([212, 312, 415, 617, 708, 773, 847, 217, 630, 505]),
    line=st.integers(2000000, 9999999),
    style=st.sampled_from(
        [
            phonenumbers.PhoneNumberFormat.E164,
            phonenumbers.PhoneNumberFormat.INTERNATIONAL,
            phonenumbers.PhoneNumberFormat.NATIONAL,
            phonenumbers.PhoneNumberFormat.RFC3966,
        ]
    ),
)
def test_generated_phone_numbers_are_refused(area: int, line: int, style: int) -> None:
    number = phonenumbers.parse(f"+1{area}{line}")
    text = phonenumbers.format_number(number, style)
    assert COALITION.find(f"call her at {text}") is not None, text


@settings(max_examples=150)
@given(st.from_regex(r"\A[a-z][a-z0-9._]{0,15}[a-z0-9]@[a-z]{2,10}\.(com|org|net|us)\Z"))
def test_generated_emails_are_refused(email: str) -> None:
    found = COALITION.find(f"her email is {email}")
    assert found is not None and found.kind is Kind.EMAIL


@settings(max_examples=150)
@given(
    day=st.dates(min_value=date(1930, 1, 1), max_value=date(2025, 12, 31)),
    form=st.sampled_from(
        ["%m/%d/%Y", "%Y-%m-%d", "%B %d, %Y", "%d %b %Y", "%m-%d-%y", "%b %dth %Y"]
    ),
)
def test_generated_dates_are_refused(day: date, form: str) -> None:
    text = day.strftime(form)
    found = COALITION.find(f"DOB {text}") or COALITION.find(text)
    assert found is not None and found.kind is Kind.DATE, text


@settings(max_examples=200)
@given(
    st.one_of(
        st.from_regex(r"\A[0-9]{1,3}(m|h|d| minutes| hours| days| business days)\Z"),
        st.from_regex(r"\A([01][0-9]|2[0-3]):[0-5][0-9]\Z"),
        st.from_regex(r"\A(CE|HH|VLA|REF|PO)-20[0-9]{2}-[0-9]{3,4}\Z"),
        st.from_regex(r"\A(A|D|I)-[0-9]{1,3}\Z"),
    )
)
def test_generated_durations_times_and_codes_pass(text: str) -> None:
    assert COALITION.find(f"due in {text}") is None and COALITION.find(text) is None, text
