"""The k-threshold: small groups are hidden, and cannot be worked out by subtraction."""

from __future__ import annotations

import pytest

from app.privacy.threshold import meets_threshold, threshold_groups


def test_group_below_k_distinct_contributors_is_suppressed() -> None:
    result = threshold_groups(
        {"police": list("abc"), "education": list("fghi"), "health": ["d", "d", "e"], "youth": []}
    )
    assert result.shown == {"police": 3, "education": 4}
    assert result.suppressed == frozenset({"health", "youth"})
    assert result.count("health") is None
    assert result.count("police") == 3


def test_repeat_contributions_count_once() -> None:
    assert not meets_threshold(["a", "a", "a", "b"])
    assert meets_threshold(["a", "b", "c"])


def test_k_is_configurable() -> None:
    assert meets_threshold(["a", "b"], k=2)
    assert not meets_threshold(["a", "b", "c", "d"], k=5)
    assert threshold_groups({"x": ["a", "b"]}, k=2).shown == {"x": 2}


@pytest.mark.parametrize("k", [1, 0, -3])
def test_k_below_two_is_rejected(k: int) -> None:
    with pytest.raises(ValueError):
        meets_threshold(["a", "b", "c"], k=k)
    with pytest.raises(ValueError):
        threshold_groups({"x": ["a", "b", "c"]}, k=k)


def test_one_hidden_group_takes_the_next_smallest_with_it() -> None:
    result = threshold_groups(
        {"police": list("abcdefg"), "education": list("hijk"), "health": ["l"]}
    )
    assert result.shown == {"police": 7}
    assert result.suppressed == frozenset({"health", "education"})
    # The total cannot be split between the two hidden groups.
    assert result.total == 12


def test_total_is_withheld_when_it_would_reveal_a_small_hidden_remainder() -> None:
    result = threshold_groups({"a": list("abc"), "b": list("def"), "c": ["g"], "d": ["h"]})
    assert result.shown == {"a": 3, "b": 3}
    assert result.suppressed == frozenset({"c", "d"})
    assert result.total is None


def test_everything_suppressed_hides_the_total_and_says_not_enough() -> None:
    result = threshold_groups({"a": ["x"], "b": ["y", "z"]})
    assert result.shown == {}
    assert result.total is None
    assert not result.enough


def test_one_small_group_beside_one_large_hides_both() -> None:
    result = threshold_groups({"a": ["x"], "b": list("abcdef")})
    assert result.shown == {}
    assert result.total is None


def test_nothing_hidden_shows_every_group_and_the_distinct_total() -> None:
    result = threshold_groups({"a": list("abc"), "b": list("cde")})
    assert result.shown == {"a": 3, "b": 3}
    assert result.suppressed == frozenset()
    assert result.total == 5
    assert result.enough
