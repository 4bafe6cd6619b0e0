"""Small-count suppression: primary, complementary, and small totals."""

from __future__ import annotations

from protocols.reports.suppression import Table, as_text, shown_count, suppressed_table


def test_small_counts_are_hidden_and_zero_is_shown() -> None:
    t = suppressed_table({"a": 12, "b": 3, "c": 0, "d": 2}, 5)
    assert t == Table((("a", 12), ("b", None), ("c", 0), ("d", None)), 17)


def test_a_lone_hidden_cell_takes_the_next_smallest_with_it() -> None:
    # 'b' alone would be 20 - 12 - 7 = 1 by subtraction.
    t = suppressed_table({"a": 12, "b": 1, "c": 7, "d": 9}, 5)
    assert t == Table((("a", 12), ("b", None), ("c", None), ("d", 9)), 29)


def test_a_small_total_hides_everything_but_zeros() -> None:
    t = suppressed_table({"a": 3, "b": 0, "c": 1}, 5)
    assert t == Table((("a", None), ("b", 0), ("c", None)), None)


def test_threshold_one_hides_nothing() -> None:
    assert suppressed_table({"a": 1, "b": 2}, 1) == Table((("a", 1), ("b", 2)), 3)
    assert shown_count(1, 1) == 1


def test_text() -> None:
    assert [as_text(None, 5), as_text(0, 5), as_text(7, 5)] == ["<5", "0", "7"]
    assert shown_count(4, 5) is None
    assert shown_count(5, 5) == 5
