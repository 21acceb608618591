"""Redaction meets its targets on the shared development set and on our own held-out set.

Targets: recall at least 0.98 overall and 0.95 for every label; at most 15% of the lines
with nothing identifying changed. The extra set (tests/fixtures/pii-extra.jsonl) was written
before the rules were tuned on it; docs/privacy.md gives its first-sight numbers too.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.privacy.evaluate import EvaluationReport, evaluate

DEV_SET = Path(__file__).resolve().parents[2].parent / "shared" / "corpora" / "pii-dev.jsonl"
EXTRA_SET = Path(__file__).resolve().parents[1] / "fixtures" / "pii-extra.jsonl"


def check_targets(report: EvaluationReport) -> None:
    assert report.recall >= 0.98, report.table()
    for score in report.per_label:
        assert score.recall >= 0.95, f"{score.label}\n{report.table()}"
    assert report.clean_changed_share <= 0.15, report.table()


@pytest.mark.skipif(not DEV_SET.exists(), reason="shared/corpora is not beside the repository")
def test_dev_set_meets_recall_and_clean_line_targets() -> None:
    check_targets(evaluate(DEV_SET))


def test_held_out_set_meets_recall_and_clean_line_targets() -> None:
    check_targets(evaluate(EXTRA_SET))


def test_held_out_set_is_varied_enough_to_mean_something() -> None:
    report = evaluate(EXTRA_SET)
    assert report.lines >= 120
    assert 0.25 <= report.clean_lines / report.lines <= 0.45
    assert all(score.gold >= 5 for score in report.per_label)


FRESH_SETS = sorted((Path(__file__).resolve().parents[1] / "fixtures").glob("pii-fresh-*.jsonl"))


@pytest.mark.parametrize("path", FRESH_SETS, ids=lambda p: p.stem)
def test_fresh_batches_keep_their_minimum_scores(path: Path) -> None:
    """Issue 12: each fresh batch (written before the rules saw it; first-sight scores in
    docs/privacy.md) must stay at recall >= 0.97, every label >= 0.93, and change at most
    15% of its clean lines."""
    report = evaluate(path)
    assert report.lines >= 150
    assert report.clean_lines / report.lines >= 0.35
    assert report.recall >= 0.97, report.table()
    for score in report.per_label:
        assert score.recall >= 0.93, f"{score.label}\n{report.table()}"
    assert report.clean_changed_share <= 0.15, report.table()


def test_there_are_at_least_two_fresh_batches() -> None:
    assert len(FRESH_SETS) >= 2
