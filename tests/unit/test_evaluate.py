"""The JSON-lines filter behind `cyt redact` and the evaluation report."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from app.privacy.evaluate import evaluate, run_evaluate, run_jsonl


def test_jsonl_lines_come_back_redacted_with_spans_in_the_input() -> None:
    source = io.StringIO(
        json.dumps({"text": "Tia rang 07700 900123."})
        + "\n"
        + json.dumps({"text": "Aeth Cerys i Gaerdydd.", "lang": "cy"}, ensure_ascii=False)
        + "\n"
    )
    out = io.StringIO()
    assert run_jsonl(source, out) == 0
    first, second = (json.loads(line) for line in out.getvalue().splitlines())
    assert first == {
        "text": "Tia rang 07700 900123.",
        "redacted": "[name] rang [contact].",
        "spans": [[0, 3, "PERSON"], [9, 21, "CONTACT"]],
    }
    assert second["redacted"] == "Aeth [enw] i [lle]."


def test_jsonl_output_keeps_welsh_letters_unescaped() -> None:
    out = io.StringIO()
    run_jsonl(io.StringIO(json.dumps({"text": "Siân aeth i Dŷ Derwen."}) + "\n"), out, lang="cy")
    assert "Siân" in out.getvalue()


def test_bad_line_is_reported_skipped_and_ends_with_exit_one(
    capsys: pytest.CaptureFixture[str],
) -> None:
    source = io.StringIO('{"text": "Tia"}\nnot json\n{"no_text": 1}\n\n{"text": "Nia"}\n')
    out = io.StringIO()
    assert run_jsonl(source, out) == 1
    assert len(out.getvalue().splitlines()) == 2
    errors = capsys.readouterr().err
    assert "line 2" in errors and "not valid JSON" in errors
    assert "line 3" in errors and '"text"' in errors


@pytest.fixture
def tiny_labelled(tmp_path: Path) -> Path:
    lines = [
        {"id": "t1", "lang": "en", "text": "Tia went missing.", "spans": [[0, 3, "PERSON"]]},
        {"id": "t2", "lang": "en", "text": "Ring 07700 900123.", "spans": [[5, 17, "CONTACT"]]},
        {"id": "t3", "lang": "en", "text": "CAMHS said no.", "spans": []},
        {"id": "t4", "lang": "en", "text": "Honestly Zorblax said no.", "spans": []},
    ]
    path = tmp_path / "tiny.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return path


def test_evaluation_scores_recall_precision_and_clean_lines(tiny_labelled: Path) -> None:
    report = evaluate(tiny_labelled)
    assert report.lines == 4
    assert report.recall == 1.0
    assert report.clean_lines == 2
    assert report.clean_changed == 1  # the made-up "Zorblax" is taken for a name
    assert report.precision == pytest.approx(2 / 3)


def test_evaluation_counts_a_span_as_missed_when_its_text_survives(tmp_path: Path) -> None:
    path = tmp_path / "miss.jsonl"
    record = {"id": "m1", "text": "we should ask.", "spans": [[3, 9, "PERSON"]]}
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    report = evaluate(path)
    assert report.recall == 0.0
    assert [(m.line_id, m.text) for m in report.misses] == [("m1", "should")]


def test_run_evaluate_prints_a_table_and_exits_zero(tiny_labelled: Path) -> None:
    out = io.StringIO()
    assert run_evaluate(tiny_labelled, out) == 0
    table = out.getvalue()
    assert "PERSON" in table and "CONTACT" in table
    assert "clean lines changed: 1 of 2" in table


def test_run_evaluate_reports_an_unreadable_file(tmp_path: Path) -> None:
    out = io.StringIO()
    assert run_evaluate(tmp_path / "absent.jsonl", out) == 1
