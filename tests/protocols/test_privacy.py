from __future__ import annotations

import time

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
    with pytest.raises(PrivacyViolation, match="a person's name"):
        check_case_reference("Jane Doe")
    with pytest.raises(PrivacyViolation, match="short non-identifying code"):
        check_case_reference("bed held")
    with pytest.raises(PrivacyViolation, match="short non-identifying code"):
        check_case_reference("A" * 40)


def test_free_text_is_checked_too() -> None:
    assert check_free_text("shelter bed confirmed for tonight", "note")
    with pytest.raises(PrivacyViolation, match="note refused: it looks like a phone number"):
        check_free_text("call her at 555 123 4567", "note")


@given(st.from_regex(r"\A[A-Z]{2,4}-20[0-9]{2}-[0-9]{4}\Z"))
def test_agency_style_codes_never_refused(ref: str) -> None:
    assert check_case_reference(ref) == ref


ADVERSARIAL = {
    "letters": "x",
    "email local part, no @": "a.",
    "digits": "1",
    "at signs": "a@",
    "spaced digits": " 1",
    "plus digits": "+1 ",
    "month words": "1 may x ",
}


@pytest.mark.parametrize("unit", ADVERSARIAL.values(), ids=ADVERSARIAL.keys())
def test_checking_grows_linearly_with_the_text(unit: str) -> None:
    """Ten times the text takes about ten times as long, never a hundred (the email pattern
    once took 4.5 s on 45,000 letters). A ratio in one run, not a time, so a busy machine
    does not fail it."""

    def best_of_three(text: str) -> float:
        times = []
        for _ in range(3):
            start = time.perf_counter()
            identifying_reason(text)
            times.append(time.perf_counter() - start)
        return min(times)

    small = unit * (6_000 // len(unit))
    large = unit * (60_000 // len(unit))
    ratio = best_of_three(large) / max(best_of_three(small), 1e-6)
    assert ratio < 30, f"{ratio:.0f}x for 10x the text"
