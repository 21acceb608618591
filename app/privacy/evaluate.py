"""Measuring redaction on labelled lines, and the JSON-lines filter behind `cyt redact`.

The scoring rule is the product's (``shared/corpora/README.md``): a labelled span is
caught when every character of it is redacted and its text no longer appears as a whole
word in the redacted output; the label we give does not matter.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from app.i18n import normalise
from app.privacy.labels import Label
from app.privacy.redact import Redaction, redact
from app.privacy.spans import Span

_MISSES_SHOWN = 20


@dataclass(frozen=True)
class LabelScore:
    """How many labelled spans of one label there were, and how many were caught."""

    label: str
    gold: int
    caught: int

    @property
    def recall(self) -> float:
        return self.caught / self.gold if self.gold else 1.0


@dataclass(frozen=True)
class Miss:
    """A labelled span that survived redaction (shown to help improve the rules)."""

    line_id: str
    label: str
    text: str


@dataclass(frozen=True)
class EvaluationReport:
    """Scores for one labelled file."""

    name: str
    lines: int
    per_label: tuple[LabelScore, ...]
    predicted: int
    predicted_correct: int
    clean_lines: int
    clean_changed: int
    misses: tuple[Miss, ...]

    @property
    def gold(self) -> int:
        return sum(score.gold for score in self.per_label)

    @property
    def caught(self) -> int:
        return sum(score.caught for score in self.per_label)

    @property
    def recall(self) -> float:
        """Share of all labelled spans caught."""
        return self.caught / self.gold if self.gold else 1.0

    @property
    def worst_recall(self) -> float:
        """The lowest recall of any label present in the file."""
        return min((s.recall for s in self.per_label if s.gold), default=1.0)

    @property
    def precision(self) -> float:
        """Share of predicted spans that overlap a labelled span."""
        return self.predicted_correct / self.predicted if self.predicted else 1.0

    @property
    def clean_changed_share(self) -> float:
        """Share of lines with nothing identifying that redaction changed anyway."""
        return self.clean_changed / self.clean_lines if self.clean_lines else 0.0

    def table(self) -> str:
        """The report as a plain-text table."""
        rows = [f"Redaction on {self.name} ({self.lines} lines)", ""]
        rows.append(f"{'label':<10}{'gold':>6}{'caught':>8}{'recall':>9}")
        for score in self.per_label:
            if score.gold:
                rows.append(
                    f"{score.label:<10}{score.gold:>6}{score.caught:>8}{score.recall:>9.3f}"
                )
        rows.append(f"{'all':<10}{self.gold:>6}{self.caught:>8}{self.recall:>9.3f}")
        rows.append("")
        rows.append(
            f"precision: {self.precision:.3f} "
            f"({self.predicted_correct} of {self.predicted} predicted spans overlap a label)"
        )
        rows.append(
            f"clean lines changed: {self.clean_changed} of {self.clean_lines} "
            f"({self.clean_changed_share:.1%})"
        )
        if self.misses:
            rows.append("")
            rows.append(f"missed ({len(self.misses)}):")
            rows.extend(
                f"  {m.line_id}  {m.label:<8} {m.text}" for m in self.misses[:_MISSES_SHOWN]
            )
            if len(self.misses) > _MISSES_SHOWN:
                rows.append(f"  ... and {len(self.misses) - _MISSES_SHOWN} more")
        return "\n".join(rows)


def is_caught(text: str, start: int, end: int, redaction: Redaction) -> bool:
    """Whether ``text[start:end]`` was redacted by the product's rule: every character
    inside a span, and the text gone as a whole word from the output."""
    if not _fully_covered(redaction.spans, start, end):
        return False
    fragment = re.escape(text[start:end])
    return re.search(rf"(?<!\w){fragment}(?!\w)", redaction.text) is None


def _fully_covered(spans: tuple[Span, ...], start: int, end: int) -> bool:
    position = start
    for span in spans:  # sorted and non-overlapping
        if span.end <= position or span.start >= end:
            continue
        if span.start > position:
            return False
        position = span.end
    return position >= end


def _labelled_lines(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                yield number, json.loads(line)


def evaluate(path: Path) -> EvaluationReport:
    """Score :func:`redact` on a labelled JSON-lines file in the ``pii-dev.jsonl`` format."""
    gold = dict.fromkeys((str(label) for label in Label), 0)
    caught = dict.fromkeys(gold, 0)
    predicted = predicted_correct = clean = changed = lines = 0
    misses: list[Miss] = []
    for number, record in _labelled_lines(path):
        lines += 1
        text = record["text"]
        spans = [(int(s), int(e), str(label)) for s, e, label in record.get("spans", [])]
        redaction = redact(text, normalise(record.get("lang")) or "en")
        for start, end, label in spans:
            gold[label] = gold.get(label, 0) + 1
            if is_caught(text, start, end, redaction):
                caught[label] = caught.get(label, 0) + 1
            else:
                misses.append(Miss(str(record.get("id", number)), label, text[start:end]))
        predicted += len(redaction.spans)
        predicted_correct += sum(
            any(p.start < end and start < p.end for start, end, _ in spans) for p in redaction.spans
        )
        if not spans:
            clean += 1
            changed += redaction.text != text
    return EvaluationReport(
        name=path.name,
        lines=lines,
        per_label=tuple(LabelScore(label, gold[label], caught.get(label, 0)) for label in gold),
        predicted=predicted,
        predicted_correct=predicted_correct,
        clean_lines=clean,
        clean_changed=changed,
        misses=tuple(misses),
    )


def run_evaluate(path: Path, outfile: TextIO) -> int:
    """Print the evaluation table for ``path``; 0 when it ran, 1 when the file is unusable."""
    try:
        report = evaluate(path)
    except (OSError, ValueError, KeyError, TypeError) as error:
        print(f"{path}: cannot evaluate: {error}", file=sys.stderr)
        return 1
    print(report.table(), file=outfile)
    return 0


def run_jsonl(infile: TextIO, outfile: TextIO, lang: str = "en") -> int:
    """Redact ``{"text": ...}`` lines (a line may carry its own "lang") and write
    ``{"text", "redacted", "spans": [[start, end, label], ...]}`` lines.

    A line that is not a JSON object with a "text" string is reported on stderr and
    skipped; the others are still processed, and the exit code is then 1.
    """
    status = 0
    for number, line in enumerate(infile, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            print(f"line {number}: not valid JSON ({error.msg}); skipped", file=sys.stderr)
            status = 1
            continue
        if not isinstance(record, dict) or not isinstance(record.get("text"), str):
            print(
                f'line {number}: expected an object with a "text" string; skipped', file=sys.stderr
            )
            status = 1
            continue
        line_lang = normalise(record.get("lang")) if isinstance(record.get("lang"), str) else None
        redaction = redact(record["text"], line_lang or lang)
        result = {
            "text": record["text"],
            "redacted": redaction.text,
            "spans": [[s.start, s.end, str(s.label)] for s in redaction.spans],
        }
        outfile.write(json.dumps(result, ensure_ascii=False) + "\n")
    return status
