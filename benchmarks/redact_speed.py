"""How many sentences a second redact() handles on one core; prints one JSON object.

Runs over the shared development set and our held-out set, repeated, in this process
only (one core). ``sentences_per_second`` counts this process's CPU time, so other work
on the machine does not skew it; ``wall_sentences_per_second`` is by the clock.
Usage: .venv/bin/python benchmarks/redact_speed.py [--repeat N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from app.privacy import redact
from app.privacy.gazetteer import gazetteer

ROOT = Path(__file__).resolve().parents[1]
CORPORA = (
    ROOT.parent / "shared" / "corpora" / "pii-dev.jsonl",
    ROOT / "tests" / "fixtures" / "pii-extra.jsonl",
)


def load_sentences() -> list[tuple[str, str]]:
    """(text, lang) for every line of the corpora that are present."""
    sentences = []
    for path in CORPORA:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    record = json.loads(line)
                    sentences.append((record["text"], record.get("lang", "en")))
    return sentences


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30, help="passes over the corpora")
    args = parser.parse_args()

    started = time.perf_counter()
    gazetteer()  # word lists load once per process; timed apart from the sentences
    load_seconds = time.perf_counter() - started

    sentences = load_sentences()
    for text, lang in sentences:  # warm up caches (regexes, translations)
        redact(text, lang)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _ in range(args.repeat):
        for text, lang in sentences:
            redact(text, lang)
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - cpu_started
    count = len(sentences) * args.repeat
    print(
        json.dumps(
            {
                "sentences": count,
                "distinct_sentences": len(sentences),
                "cpu_seconds": round(cpu_seconds, 3),
                "sentences_per_second": round(count / cpu_seconds),
                "mean_ms_per_sentence": round(1000 * cpu_seconds / count, 3),
                "wall_seconds": round(seconds, 3),
                "wall_sentences_per_second": round(count / seconds),
                "word_list_load_seconds": round(load_seconds, 3),
            }
        )
    )


if __name__ == "__main__":
    main()
