from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from protocols.errors import PrivacyViolation
from protocols.privacy import check_case_reference, check_free_text, identifying_reason


@pytest.mark.parametrize("ref", ["HH-2026-0042", "CASE7781", "hotline.123", "PD_55-A", "X1"])
def test_non_identifying_codes_pass(ref: str) -> None:
    assert check_case_reference(ref) == ref


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("555-123-4567", "phone number"),
        ("(555) 123 4567", "phone number"),
        ("+44 20 7946 0958", "phone number"),
        ("555-0100", "phone number"),
        ("5551234567", "phone number"),
        ("jane.doe@example.org", "email address"),
        ("1984-03-07", "date"),
        ("03/07/1984", "date"),
        ("7.3.84", "date"),
        ("7 March 1984", "date"),
        ("Mar 7, 1984", "date"),
    ],
)
def test_identifying_shapes_are_refused(text: str, reason: str) -> None:
    found = identifying_reason(text)
    assert found is not None and reason in found
    with pytest.raises(PrivacyViolation, match=reason):
        check_case_reference(text)


def test_case_reference_must_be_a_short_code() -> None:
    with pytest.raises(PrivacyViolation, match="short non-identifying code"):
        check_case_reference("Jane Doe")
    with pytest.raises(PrivacyViolation, match="short non-identifying code"):
        check_case_reference("A" * 40)


def test_free_text_is_checked_too() -> None:
    assert check_free_text("shelter bed confirmed for tonight", "note")
    with pytest.raises(PrivacyViolation, match="note refused: it looks like a phone number"):
        check_free_text("call her at 555 123 4567", "note")


@given(st.from_regex(r"\A[A-Z]{2,4}-20[0-9]{2}-[0-9]{4}\Z"))
def test_agency_style_codes_never_refused(ref: str) -> None:
    assert check_case_reference(ref) == ref
