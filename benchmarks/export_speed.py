"""How long each export format takes, and how big it is; prints one JSON object.

A synthetic session of the size a full training day produces: 30 participants, 8 cards,
19 reflections a card (152 in all, about 30 words each), themes, key phrases and role
groups. Each format is rendered REPEATS times after one warm-up; the median is reported.
The printable deck (27 cards) is timed too: the route caches it, so this is a one-off.

    .venv/bin/python benchmarks/export_speed.py
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from datetime import date

from app.config import PROJECT_ROOT, Settings
from app.content.deck import load_deck
from app.exports.deck_pdf import deck_pdf
from app.exports.formats import FORMATS
from app.exports.summary import (
    INCLUDE_REVEALED,
    CardSummary,
    Count,
    SessionSummary,
    SummaryReflection,
)

PARTICIPANTS = 30
CARDS = 8
REFLECTIONS_PER_CARD = 19
REPEATS = 7
LEVELS = ("me", "team", "organisation", "system")
PHASES = ("think", "pairs", "share")


def _counts(prefix: str, label: str, n: int, top: int) -> tuple[Count, ...]:
    return tuple(Count(f"{prefix}{i}", f"{label} {i + 1}", max(top - 2 * i, 3)) for i in range(n))


def synthetic_summary() -> SessionSummary:
    cards = []
    for number in range(1, CARDS + 1):
        reflections = tuple(
            SummaryReflection(
                card_number=number,
                kind="change" if i % 4 == 3 else "think",
                level=LEVELS[(i // 4) % 4] if i % 4 == 3 else None,
                phase=PHASES[i % 3],
                text=(
                    f"Reflection {i + 1} on card {number}: when a placement wobbles we reach "
                    "for a move too quickly, and the young person loses the one adult who "
                    "knew the whole story, so we should ask what the move will cost."
                ),
            )
            for i in range(REFLECTIONS_PER_CARD)
        )
        changes: dict[str, tuple[str, ...]] = {}
        for reflection in reflections:
            if reflection.level:
                changes[reflection.level] = (*changes.get(reflection.level, ()), reflection.text)
        cards.append(
            CardSummary(
                number=number,
                slug=f"card-{number}",
                title=f"Card title {number}",
                message=(
                    "Every move costs a young person something: a school, a friend, a trusted "
                    "adult, a sense of where they belong. The more often children were moved, "
                    "the more likely they were to be sexually exploited."
                ),
                enough=True,
                contributors=PARTICIPANTS - number,
                reflections=reflections,
                key_phrases=_counts("p", "key phrase", 5, 12),
                changes=changes,
            )
        )
    by_level: dict[str, tuple[str, ...]] = {}
    for card in cards:
        for level, items in card.changes.items():
            by_level[level] = (*by_level.get(level, ()), *items)
    return SessionSummary(
        code="BENCH1",
        title="Half-day multi-agency session",
        lang="en",
        day=date(2026, 11, 25),
        plan_title="Half-day multi-agency session",
        k_threshold=3,
        include=INCLUDE_REVEALED,
        participants=PARTICIPANTS,
        cards=tuple(cards),
        themes=_counts("t", "Theme", 8, 24),
        key_phrases=_counts("k", "key phrase", 10, 18),
        role_groups=_counts("r", "Role group", 4, 12),
        role_groups_hidden=True,
        changes_by_level=by_level,
    )


def _time(render: Callable[[], bytes], repeats: int = REPEATS) -> tuple[float, int]:
    size = len(render())  # warm-up: templates, fonts, catalogues
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        render()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), size


def main() -> None:
    summary = synthetic_summary()
    results: dict[str, dict[str, float | int]] = {}
    for name, fmt in FORMATS.items():
        median_ms, size = _time(lambda fmt=fmt: fmt.render(summary, None))
        results[name] = {"median_ms": round(median_ms, 1), "bytes": size}
    settings = Settings()
    deck = load_deck(settings.cards_dir, settings.sessions_dir, settings.static_dir, PROJECT_ROOT)
    for layout in ("a6", "a4"):
        median_ms, size = _time(lambda layout=layout: deck_pdf(deck, "en", layout), repeats=3)
        results[f"deck.{layout}.pdf"] = {"median_ms": round(median_ms, 1), "bytes": size}
    report = {
        "session": {
            "participants": PARTICIPANTS,
            "cards": CARDS,
            "reflections": len(summary.reflections),
        },
        "deck_cards": len(deck.cards),
        "repeats": REPEATS,
        "formats": results,
    }
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
