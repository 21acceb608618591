"""Welsh: initial consonant mutations, and a quick guess whether a text is Welsh."""

from __future__ import annotations

from collections.abc import Iterable, Set

# (radical, soft, nasal, aspirate); two-letter radicals first so "ll" is not read as "l".
_MUTATIONS: tuple[tuple[str, str | None, str | None, str | None], ...] = (
    ("ll", "l", None, None),
    ("rh", "r", None, None),
    ("ch", None, None, None),
    ("th", None, None, None),
    ("ph", None, None, None),
    ("dd", None, None, None),
    ("ff", None, None, None),
    ("ng", None, None, None),
    ("p", "b", "mh", "ph"),
    ("t", "d", "nh", "th"),
    ("c", "g", "ngh", "ch"),
    ("b", "f", "m", None),
    ("d", "dd", "n", None),
    ("g", "", "ng", None),
    ("m", "f", None, None),
)
_VOWELS = "aeiouwyâêîôûŵŷ"


def mutated_forms(word: str) -> set[str]:
    """Soft, nasal and aspirate forms of ``word`` (and h- before a vowel), same case.

    "Caerdydd" -> {"Gaerdydd", "Nghaerdydd", "Chaerdydd"}; "Pontypridd" -> {"Bontypridd",
    "Mhontypridd", "Phontypridd"}. The radical form itself is not included.
    """
    if not word:
        return set()
    capital = word[0].isupper()
    lower = word.lower()
    forms: set[str] = set()
    for radical, *changes in _MUTATIONS:
        if lower.startswith(radical):
            rest = lower[len(radical) :]
            forms.update(change + rest for change in changes if change is not None)
            break
    else:
        if lower[0] in _VOWELS:
            forms.add("h" + lower)
    forms.discard("")
    forms.discard(lower)
    if capital:
        return {form[:1].upper() + form[1:] for form in forms}
    return forms


def looks_welsh(words: Iterable[str], welsh_words: Set[str], english_words: Set[str]) -> bool:
    """Whether a text (its lower-cased words) reads as Welsh rather than English: more of
    its words are Welsh-only than English-only, and at least two are."""
    welsh = english = 0
    for word in words:
        if word in welsh_words:
            welsh += 1
        elif word in english_words:
            english += 1
    return welsh >= 2 and welsh > english
