"""How long key phrases and suggested themes take for a large session; prints JSON.

200 participants × 5 reflections of about 40 words, in English and in Welsh, built from
a fixed seed so every run times the same text. The budget is 50 ms per call: themes are
recomputed each time a reflection arrives, while the projector waits.

    .venv/bin/python benchmarks/themes_speed.py
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from app.theme_groups import Item, suggest
from app.themes import key_phrases, theme_tag_counts

PARTICIPANTS = 200
REFLECTIONS_EACH = 5
WORDS_EACH = 40
REPEATS = 15
BUDGET_MS = 50.0

# Reflections have the shape of real ones: about half function words, then content words
# with a long tail (a few words everyone uses, hundreds used once). Made-up syllable words
# stand in for the tail so the script needs no corpus.
ENGLISH_COMMON = (
    "placement moves relationship school trust carer worker stability risk exploitation",
    "missing home friends police foster residential planning meeting review consent",
)
ENGLISH_FUNCTION = (
    "the a and of to in that it was she her he his we they with for on at because",
    "again every is not but when what who there be have had this would could",
)
WELSH_COMMON = (
    "symud lleoliad perthynas ysgol ymddiriedaeth gofalwr gweithiwr sefydlogrwydd risg",
    "camfanteisio coll cartref ffrindiau heddlu maeth preswyl blant plant berthynas leoliad",
)
WELSH_FUNCTION = (
    "y yr a ac mae roedd yn i o ar gyda am ei eu nhw hi fe ddim does sy sydd bod fod",
    "wedi pan pob beth pwy lle fel ond neu gyda'r mae'n i'r",
)
SYLLABLES = ("ca", "ro", "lin", "ter", "ma", "dwy", "ff", "ol", "ent", "is", "an", "gw", "ydd")


def words(lines: tuple[str, ...]) -> list[str]:
    return " ".join(lines).split()


def make_entries(
    rng: random.Random, common: list[str], function: list[str]
) -> list[tuple[str, str]]:
    tail = sorted({"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(3000)})
    content = common + tail
    entries = []
    for person in range(PARTICIPANTS):
        for _ in range(REFLECTIONS_EACH):
            text = []
            for _ in range(WORDS_EACH):
                if rng.random() < 0.5:
                    text.append(rng.choice(function))
                else:
                    # Log-uniform rank: roughly Zipf, as word use is.
                    rank = int(len(content) ** rng.random()) - 1
                    text.append(content[rank])
            if rng.random() < 0.3:
                text.insert(rng.randrange(len(text)), "[name]")
            entries.append((f"p{person:03d}", " ".join(text).capitalize() + "."))
    return entries


SUGGEST_REFLECTIONS = 300
FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def suggestion_items(rng: random.Random) -> list[Item]:
    """300 reflections of the shape of the theme fixtures (both languages, four cards a
    session): real sentences from the two fixtures, each joined with part of another, so
    the vocabulary and the overlap between reflections are those of a real room."""
    sentences = [
        (r["card"] % 4, r["kind"], r["level"], r["text"])
        for name in ("themes-gold-1.json", "themes-gold-2.json")
        for r in json.loads((FIXTURES / name).read_text(encoding="utf-8"))["reflections"]
    ]
    items = []
    for n in range(SUGGEST_REFLECTIONS):
        card, kind, level, text = rng.choice(sentences)
        extra = rng.choice(sentences)[3].split()
        items.append(
            Item(
                n,
                f"p{n % 100:03d}",
                card,
                f"{text} {' '.join(extra[: len(extra) // 2])}",
                kind,
                level,
            )
        )
    return items


def time_ms(call: Callable[[], object]) -> dict[str, float]:
    """Median and slowest of ``REPEATS`` calls, in milliseconds, after one warm-up call."""
    call()  # warm up: imports, regex caches
    timings = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(timings), 2), "max_ms": round(max(timings), 2)}


def main() -> None:
    rng = random.Random(20240607)
    english = make_entries(rng, words(ENGLISH_COMMON), words(ENGLISH_FUNCTION))
    welsh = make_entries(rng, words(WELSH_COMMON), words(WELSH_FUNCTION))
    suggestions = suggestion_items(rng)
    card_contributors = {card: {f"p{p:03d}" for p in range(card, 200, 3)} for card in range(15)}
    card_themes = {
        card: ["placement-stability", "relationships"][: 1 + card % 2] for card in range(15)
    }

    timings = {
        "key_phrases_en": time_ms(lambda: key_phrases(english, "en")),
        "key_phrases_cy": time_ms(lambda: key_phrases(welsh, "cy")),
        "theme_tag_counts": time_ms(lambda: theme_tag_counts(card_contributors, card_themes)),
        "suggested_themes_300": time_ms(lambda: suggest(suggestions, "en")),
    }
    results = {
        "participants": PARTICIPANTS,
        "reflections": len(english),
        "words_per_reflection": WORDS_EACH,
        "repeats": REPEATS,
        "budget_ms": BUDGET_MS,
        **timings,
        "within_budget": all(
            timings[name]["max_ms"] < BUDGET_MS
            for name in ("key_phrases_en", "key_phrases_cy", "suggested_themes_300")
        ),
    }
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
