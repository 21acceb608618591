"""Themes: key phrases from redacted reflections and theme-tag counts, always k-thresholded."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.themes import Phrase, key_phrases, theme_tag_counts
from app.themes_stopwords import ENGLISH, WELSH


def texts(phrases: list[Phrase]) -> list[str]:
    return [item.phrase for item in phrases]


def everyone(*texts_by_person: str) -> list[tuple[str, str]]:
    """One reflection per person, ids p1, p2, ..."""
    return [(f"p{number}", text) for number, text in enumerate(texts_by_person, start=1)]


# --- the privacy threshold ---------------------------------------------------------------


def test_phrase_needs_k_distinct_contributors() -> None:
    two = everyone("Trauma shapes everything.", "It is trauma again.")
    assert key_phrases(two, "en") == []

    three = [*two, ("p3", "Trauma, not choice.")]
    assert key_phrases(three, "en") == [Phrase("trauma", 3, 3.0)]

    assert texts(key_phrases(two, "en", k=2)) == ["trauma"]
    assert key_phrases(three, "en", k=4) == []


def test_one_person_repeating_does_not_make_a_theme() -> None:
    repeater = [("p1", "Exploitation. Exploitation exploitation!")] * 20
    others = everyone("", "exploitation", "")[1:]  # p2 only
    assert key_phrases([*repeater, *others], "en") == []

    # Repeating also earns no extra weight: the repeater counts once, like everyone else.
    shared = [(who, text) for who in ("p1", "p2", "p3") for text in ("Grooming.", "Neglect.")]
    shared += [("p1", "Neglect, neglect, neglect.")] * 30
    by_text = {item.phrase: item for item in key_phrases(shared, "en")}
    assert by_text["neglect"] == Phrase("neglect", 3, by_text["grooming"].score)


def test_k_must_be_at_least_one() -> None:
    with pytest.raises(ValueError):
        key_phrases(everyone("trauma"), "en", k=0)
    with pytest.raises(ValueError):
        theme_tag_counts({1: {"a"}}, {1: ["relationships"]}, k=0)


def test_every_phrase_is_used_by_at_least_k_people() -> None:
    rng = random.Random(7)
    vocabulary = ["trust", "school", "carer", "police", "risk", "consent", "phone", "money"]
    entries = [(f"p{rng.randrange(12)}", " ".join(rng.choices(vocabulary, k=6))) for _ in range(40)]
    for k in (2, 3, 5, 8):
        for phrase in key_phrases(entries, "en", top=100, k=k):
            words = phrase.phrase.split()
            users = {who for who, text in entries if _contains(text.split(), words)}
            assert phrase.contributors == len(users) >= k


def _contains(tokens: list[str], words: list[str]) -> bool:
    width = len(words)
    return any(tokens[i : i + width] == words for i in range(len(tokens) - width + 1))


# --- stop words and redactions ----------------------------------------------------------


def test_english_stop_words_removed() -> None:
    entries = everyone(
        "I think that she was just going to be moved again, and we didn't do anything about it.",
        "We really should have listened to her; it's not as if she hadn't told us.",
        "They were only ever going to move her again because there wasn't anywhere else.",
    )
    assert texts(key_phrases(entries, "en")) == []

    stop_only = " ".join(sorted(ENGLISH))
    assert key_phrases(everyone(stop_only, stop_only, stop_only), "en") == []


def test_welsh_stop_words_removed() -> None:
    entries = everyone(
        "Mae hi wedi cael ei symud eto, a does neb yn gwneud dim am y peth.",
        "Roedd hi'n mynd i'r ysgol ond doedd hi ddim yn dod adref wedyn, felly symud eto.",
        "Fe fydd hi'n cael ei symud eto achos does dim byd arall ar gael iddi hi.",
    )
    found = texts(key_phrases(entries, "cy"))
    assert found == ["symud"]

    stop_only = " ".join(sorted(WELSH))
    assert key_phrases(everyone(stop_only, stop_only, stop_only), "cy") == []


@pytest.mark.parametrize(
    "clitic_text",
    ["gyda'r ysgol", "gyda’r ysgol", "i'r ysgol", "o'r ysgol", "mae'n ysgol", "a'r ysgol"],
)
def test_welsh_clitics_are_split_off(clitic_text: str) -> None:
    entries = everyone(clitic_text, clitic_text, clitic_text)
    assert texts(key_phrases(entries, "cy")) == ["ysgol"]


def test_redaction_tokens_never_phrases() -> None:
    entries = everyone(
        "[name] went to [place] with [name] again; [phone] was in her bag.",
        "Mae [enw] yn mynd i [lle] gyda [enw] bob wythnos.",
        "[NAME] and [name 2] met him at [place], [date].",
        "[name]'s carer drove to [place] to find [name].",
    )
    for lang in ("en", "cy"):
        for phrase in key_phrases(entries, lang, top=100, k=2):
            assert "[" not in phrase.phrase and "]" not in phrase.phrase
            assert not {"name", "enw", "place", "lle", "phone", "date"} & set(phrase.phrase.split())


def test_bigrams_never_bridge_a_redaction_or_punctuation() -> None:
    entries = everyone(
        "Carer [name] visited weekly.",
        "Carer, visited weekly.",
        "carer [place] visited. Weekly",
    )
    found = texts(key_phrases(entries, "en"))
    assert "carer visited" not in found
    assert "visited weekly" not in found
    assert set(found) == {"carer", "visited", "weekly"}


# --- bigrams, normalisation and order ---------------------------------------------------


def test_bigram_preferred_over_its_words() -> None:
    entries = everyone(
        "Another placement breakdown.",
        "The placement breakdown came fast.",
        "a placement breakdown after one bad week",
    )
    assert texts(key_phrases(entries, "en")) == ["placement breakdown"]

    # A word that more people used than the bigram is still a theme of its own.
    more = [*entries, ("p4", "Her placement ended."), ("p5", "placement")]
    found = {item.phrase: item.contributors for item in key_phrases(more, "en")}
    assert found == {"placement": 5, "placement breakdown": 3}


def test_english_plurals_folded() -> None:
    entries = everyone("Placements keep ending.", "placement", "so many placements")
    assert texts(key_phrases(entries, "en")) == ["placement"]
    assert texts(key_phrases(everyone("Wales", "wales", "WALES"), "en")) == ["wales"]


def test_welsh_mutations_folded_into_the_radical_form() -> None:
    entries = everyone(
        "mae perthynas yn bwysig",
        "ei berthynas gyda'i mam",
        "ei pherthynas hi",
    )
    assert key_phrases(entries, "cy") == [Phrase("perthynas", 3, 3.0)]
    # Without the radical form nobody's word is changed.
    assert texts(key_phrases(everyone("berthynas", "berthynas", "berthynas"), "cy")) == [
        "berthynas"
    ]


def test_accents_matched_loosely_and_shown_properly() -> None:
    entries = everyone("y tîm", "y tim", "tim")
    assert texts(key_phrases(entries, "cy")) == ["tîm"]


def test_deterministic_order() -> None:
    entries = everyone(
        "trust school carer",
        "trust school carer",
        "trust school carer police",
        "trust police",
        "police trust",
    )
    result = key_phrases(entries, "en")
    assert result == sorted(result, key=lambda item: (-item.score, item.phrase))
    assert [item.phrase for item in result[:2]] == ["trust", "police"]
    # Same input, any order, any run: same answer.
    shuffled = entries[:]
    for seed in range(5):
        random.Random(seed).shuffle(shuffled)
        assert key_phrases(shuffled, "en") == result


def test_top_limits_the_list() -> None:
    words = "trust school carer police risk consent phone money"
    entries = everyone(*[words] * 3)
    assert len(key_phrases(entries, "en", top=3)) == 3
    assert key_phrases(entries, "en", top=0) == []


def test_unknown_language_rejected() -> None:
    with pytest.raises(ValueError):
        key_phrases(everyone("trauma"), "fr")


# --- realistic reflections --------------------------------------------------------------


def test_realistic_english_reflections_on_placement_moves() -> None:
    entries = everyone(
        "Moving her again breaks every relationship she has.",
        "Every placement move breaks the relationship with school and with the one adult "
        "she trusts.",
        "We call it a placement move for her safety, but it breaks her relationships.",
        "[name] has had six placement moves in two years. Nobody knows her whole story now.",
        "Placement moves are a risk in themselves, not just a response to risk.",
        "She told me each move felt like a punishment.",
    )
    assert [(item.phrase, item.contributors) for item in key_phrases(entries, "en")] == [
        ("move", 5),  # "move" and "moves"; "moving" is left as written
        ("placement move", 4),  # "placement" alone is absorbed: the same four people
        ("break", 3),
        ("relationship", 3),
    ]


def test_realistic_welsh_reflections_on_placement_moves() -> None:
    entries = everyone(
        "Mae symud lleoliad yn torri perthynas gyda'r ysgol.",
        "Roedd symud lleoliad wedi torri ei berthynas â'r ysgol a'i ffrindiau.",
        "Mae pob symud lleoliad yn golygu colli perthynas gyda [enw] yn yr ysgol.",
        "Does neb yn gofyn beth mae symud lleoliad yn ei gostio i'r plant.",
        "Roedd [enw] wedi cael chwe lleoliad mewn dwy flynedd.",
    )
    found = key_phrases(entries, "cy")
    by_text = {item.phrase: item.contributors for item in found}
    assert by_text == {
        "symud lleoliad": 4,
        "lleoliad": 5,
        "ysgol": 3,
        "perthynas": 3,
    }
    assert found[0].phrase == "lleoliad"
    assert "torri perthynas" not in by_text  # only two people wrote it


# --- theme tags -------------------------------------------------------------------------


def test_theme_tags_counted_by_distinct_contributors() -> None:
    card_contributors = {
        1: {"a", "b"},
        2: {"b", "c"},
        3: {"d"},
        4: {"a", "b", "c", "d", "e"},
    }
    card_themes = {
        1: ["placement-stability", "relationships"],
        2: ["relationships"],
        3: ["relationships", "missing"],
        4: ["online"],
    }
    assert theme_tag_counts(card_contributors, card_themes) == [
        ("online", 5),
        ("relationships", 4),
    ]
    # placement-stability (2 people) and missing (1) stay hidden until k is met.
    assert ("placement-stability", 2) in theme_tag_counts(card_contributors, card_themes, k=2)
    assert theme_tag_counts(card_contributors, card_themes, k=6) == []


def test_theme_tags_ties_sorted_by_tag_and_cards_without_themes_ignored() -> None:
    card_contributors = {1: {"a", "b", "c"}, 2: {"a", "b", "c"}, 9: {"x", "y", "z"}}
    card_themes = {1: ["voice", "voice"], 2: ["language"]}
    assert theme_tag_counts(card_contributors, card_themes) == [("language", 3), ("voice", 3)]


# --- properties -------------------------------------------------------------------------

WORDS = ["trust", "school", "carer", "police", "risk", "the", "and", "[name]", ",", "."]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c", "d", "e", "f"]),
            st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join),
        ),
        max_size=25,
    ),
    st.integers(min_value=2, max_value=5),
)
def test_property_threshold_and_determinism(entries: list[tuple[str, str]], k: int) -> None:
    result = key_phrases(entries, "en", top=50, k=k)
    people = {who for who, _ in entries}
    for phrase in result:
        assert k <= phrase.contributors <= len(people)
        assert "[" not in phrase.phrase and "name" not in phrase.phrase
    assert key_phrases(list(reversed(entries)), "en", top=50, k=k) == result
