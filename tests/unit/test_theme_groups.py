"""Suggested themes: grouping quality on hand-grouped fixtures, bilingual meeting, names."""

from __future__ import annotations

import time
from pathlib import Path

from app.theme_groups import Item, stem, suggest
from benchmarks.themes_quality import adjusted_rand_index, items_of, load, score

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_tuning_fixture_scores() -> None:
    """themes-gold-1.json is the fixture the thresholds and weights were tuned on."""
    data = load(FIXTURES / "themes-gold-1.json")
    assert len(data["reflections"]) >= 60
    assert {r["lang"] for r in data["reflections"]} == {"en", "cy"}
    result = score(data, suggest(items_of(data), data["lang"]))
    assert result["adjusted_rand_index"] >= 0.7, result
    assert result["placed_with_their_group"] >= 0.85, result


def test_held_out_fixture_scores() -> None:
    """themes-gold-2.json was written before tuning and scored once at the end
    (ARI 0.636, 0.862 placed with their group); a Welsh session on other cards."""
    data = load(FIXTURES / "themes-gold-2.json")
    result = score(data, suggest(items_of(data), data["lang"]))
    assert result["adjusted_rand_index"] >= 0.55, result
    assert result["placed_with_their_group"] >= 0.8, result


def test_adjusted_rand_index() -> None:
    assert adjusted_rand_index(list("aabb"), list("xxyy")) == 1.0
    assert adjusted_rand_index(list("aabb"), list("xyxy")) < 0


def item(n: int, text: str, card: int = 1, who: str = "") -> Item:
    return Item(id=n, contributor=who or f"p{n}", card=card, text=text)


def test_english_and_welsh_saying_the_same_thing_meet() -> None:
    found = suggest(
        [
            item(1, "Foster carers need more support at night."),
            item(2, "Mae angen mwy o gefnogaeth ar ofalwyr maeth."),  # soft-mutated gofalwyr
            item(3, "Support the foster carers before things break down."),
            item(4, "Reflective supervision every month for every worker.", card=2),
            item(5, "Goruchwyliaeth fyfyriol bob mis i bob gweithiwr.", card=2),
            item(6, "Monthly reflective supervision, protected time.", card=2),
        ],
        "en",
    )
    groups = sorted(sorted(s.members) for s in found)
    assert groups == [[1, 2, 3], [4, 5, 6]]


def test_welsh_mutations_and_english_stems_fold() -> None:
    found = suggest(
        [
            item(1, "Mae'r berthynas gyda'r gweithiwr yn bwysig."),
            item(2, "Perthynas dda yw'r peth pwysicaf."),
            item(3, "Heb berthynas does dim ymddiriedaeth."),
        ],
        "cy",
    )
    assert [sorted(s.members) for s in found] == [[1, 2, 3]]
    assert stem("listening") == stem("listened") == stem("listen")
    assert stem("placements") == stem("placement")


def test_names_come_from_what_was_written_in_the_session_language() -> None:
    texts = [
        "Return home interviews are done too late.",
        "Return home interviews by a stranger tell us nothing.",
        "Cyfweliadau dychwelyd gan rywun dieithr.",
    ]
    english = suggest([item(n, t) for n, t in enumerate(texts)], "en")
    assert len(english) == 1 and english[0].label.lower().startswith("return")
    welsh = suggest([item(n, t) for n, t in enumerate(texts)], "cy")
    assert welsh[0].label.lower().startswith("cyfweliad")


def test_redaction_tokens_and_unrelated_text_make_no_theme() -> None:
    found = suggest(
        [
            item(1, "[name] said [place] was fine."),
            item(2, "[enw] yn [lle]."),
            item(3, "The weather was lovely today."),
            item(4, "Budget cuts to youth services."),
        ],
        "en",
    )
    assert found == []


def test_stable_keys_and_deterministic() -> None:
    data = load(FIXTURES / "themes-gold-1.json")
    items = items_of(data)
    first = suggest(items, "en")
    assert first == suggest(list(items), "en")
    assert len({s.key for s in first}) == len(first)


def test_fast_enough_for_300_reflections() -> None:
    """The budget is 50 ms on one core (benchmarks/themes_speed.py measures it); a busy
    test machine gets a generous margin."""
    data = load(FIXTURES / "themes-gold-1.json")
    base = items_of(data) + items_of(load(FIXTURES / "themes-gold-2.json"))
    items = [
        Item(n, f"p{n % 70}", b.card, f"{b.text} {base[(n * 7) % len(base)].text[:40]}")
        for n, b in enumerate(base * 3)
    ][:300]
    suggest(items, "en")
    started = time.process_time()
    suggest(items, "en")
    assert time.process_time() - started < 0.25
