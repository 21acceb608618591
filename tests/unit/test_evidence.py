"""Evidence figures (#15): bands, the threshold on them, the chart and the minutes."""

from __future__ import annotations

from app import evidence
from app.exports.summary import BandCounts, ConfidenceItem, Count


def ids(*names: str) -> set[str]:
    return set(names)


def test_scores_fall_into_three_bands() -> None:
    assert [evidence.band(s) for s in (1, 2, 3, 4, 5)] == [
        "disagree",
        "disagree",
        "unsure",
        "agree",
        "agree",
    ]


def test_two_answers_show_nothing() -> None:
    result = evidence._bands({"disagree": ids("a", "b"), "unsure": set(), "agree": set()}, 3, "en")
    assert result == BandCounts(enough=False, respondents=None, bands=(), held_back=False)


def test_a_small_band_hides_the_next_smallest_too() -> None:
    answers = {"disagree": ids("a"), "unsure": ids("b", "c", "d"), "agree": ids("e", "f", "g", "h")}
    result = evidence._bands(answers, 3, "en")
    assert [c.key for c in result.bands] == ["agree"]  # "unsure" (3) goes with "disagree" (1)
    assert result.held_back and result.respondents is not None


def test_band_labels_are_translated() -> None:
    answers = {"disagree": set(), "unsure": set(), "agree": ids("a", "b", "c")}
    assert evidence._bands(answers, 3, "cy").bands[0].label == "Cytuno (4–5)"


def test_minutes_are_shared_so_they_add_up() -> None:
    assert evidence._split(50, 3) == [17, 17, 16]
    assert sum(evidence._split(7, 4)) == 7
    assert evidence._split(10, 0) == []


def test_chart_is_accessible_and_has_no_style_attributes() -> None:
    item = ConfidenceItem(
        key="signs-of-harm",
        statement="I feel <confident>",
        before=BandCounts(True, 3, (Count("disagree", "Disagree (1–2)", 3),), True),
        after=BandCounts(False, None),
    )
    svg = evidence.chart_svg(item, "en")
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in svg
    assert "I feel &lt;confident&gt;" in svg
    assert "Before 3" in svg and "After held back" in svg
