"""How well suggested themes match a hand-written gold grouping; prints one JSON object.

    .venv/bin/python benchmarks/themes_quality.py tests/fixtures/themes-gold-1.json

Scores: the adjusted Rand index between suggested themes and the gold groups (a
reflection left outside every theme counts as a group of its own), and the share of all
reflections placed in a theme whose largest gold group is their own ("placed with their
group"; reflections left outside any theme count as misses).
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from app.theme_groups import Item, Suggestion, suggest


def load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def items_of(data: dict[str, Any]) -> list[Item]:
    return [
        Item(
            id=r["id"],
            contributor=r["participant"],
            card=r["card"],
            text=r["text"],
            kind=r["kind"],
            level=r["level"],
        )
        for r in data["reflections"]
    ]


def _pairs(n: int) -> float:
    return n * (n - 1) / 2


def adjusted_rand_index(gold: list[str], predicted: list[str]) -> float:
    table = Counter(zip(gold, predicted, strict=True))
    index = sum(_pairs(n) for n in table.values())
    a = sum(_pairs(n) for n in Counter(gold).values())
    b = sum(_pairs(n) for n in Counter(predicted).values())
    expected = a * b / _pairs(len(gold))
    maximum = (a + b) / 2
    return (index - expected) / (maximum - expected) if maximum != expected else 1.0


def score(data: dict[str, Any], suggestions: list[Suggestion]) -> dict[str, float]:
    gold = {r["id"]: r["gold"] for r in data["reflections"]}
    theme_of = {m: s.key for s in suggestions for m in s.members}
    ids = list(gold)
    predicted = [theme_of.get(i, f"alone-{i}") for i in ids]
    placed = 0
    for s in suggestions:
        majority, _ = Counter(gold[m] for m in s.members).most_common(1)[0]
        placed += sum(1 for m in s.members if gold[m] == majority)
    return {
        "reflections": len(ids),
        "gold_groups": len(set(gold.values())),
        "themes": len(suggestions),
        "adjusted_rand_index": round(adjusted_rand_index([gold[i] for i in ids], predicted), 3),
        "placed_with_their_group": round(placed / len(ids), 3),
        "in_a_theme": round(len(theme_of) / len(ids), 3),
    }


def main(argv: list[str]) -> int:
    for name in argv or ["tests/fixtures/themes-gold-1.json"]:
        data = load(Path(name))
        suggestions = suggest(items_of(data), data["lang"])
        result = {"fixture": name, **score(data, suggestions)}
        if "--show" in sys.argv:
            gold = {r["id"]: r["gold"] for r in data["reflections"]}
            result["labels"] = [  # type: ignore[assignment]
                f"{s.label} ({s.key}): " + ",".join(gold[m] for m in s.members) for s in suggestions
            ]
        print(json.dumps(result, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main([a for a in sys.argv[1:] if not a.startswith("--")]))
