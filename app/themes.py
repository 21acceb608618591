"""Themes for the projector: card theme tags and key phrases from redacted reflections.

Pure domain code: callers pass in what the store holds (already redacted) and get back
aggregates that are safe to show. Every aggregate passes the privacy threshold: a phrase
or a theme tag is returned only when at least ``k`` *distinct* participants contributed
to it, so nothing on the screen can be traced to one or two people.

Key phrases, in short:

* Text is lower-cased and split into words; punctuation, redaction tokens (anything in
  square brackets: ``[name]``, ``[enw]``, ``[lle]``...), numbers and stop words (English
  and Welsh, see :mod:`app.themes_stopwords`) break the text into runs of content words.
* Candidates are the words of each run and the pairs of neighbouring words in it, so a
  bigram never straddles a removed word, a full stop or a redaction.
* Light, deterministic normalisation: accents are folded for matching (``tîm``/``tim``,
  shown with the accent if anyone wrote it);
  in English a plural ``s`` is folded (``placements`` → ``placement``); in Welsh a
  mutated word is folded into its radical form when that form was also written
  (``berthynas`` → ``perthynas`` only if someone wrote ``perthynas``).
* Each contributor is one "document": a phrase counts once per person however often they
  repeat it, so one person cannot make a theme. Score = document frequency × smoothed
  inverse document frequency, ``df · (ln((1 + N) / (1 + df)) + 1)``, over the ``N``
  contributors: it grows with the number of people using a phrase, while a word that
  nearly everybody uses gains less from each extra person.
* A bigram used by exactly the same people as one of its words replaces that word.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import chain, pairwise
from typing import TypeVar

from app.i18n import LANGUAGES
from app.privacy.threshold import check_k, meets_threshold
from app.themes_stopwords import ENGLISH, WELSH

_Key = TypeVar("_Key", str, tuple[str, str])

# A redaction token is anything in square brackets; it ends a run like punctuation does.
_REDACTION = re.compile(r"\[[^\[\]]*\]")
# Words may hold inner apostrophes (gyda'r, didn't) and hyphens (cam-drin, multi-agency);
# any other character that is not a letter, digit or space is a run-breaking mark.
_TOKEN = re.compile(r"[^\W_]+(?:['’ʼ‘\-‐][^\W_]+)*|[^\w\s]")
_APOSTROPHE = re.compile(r"['’ʼ‘]")
_DIGIT = re.compile(r"\d")

# English plurals that the simple rules below would get wrong.
_SINGULAR_EXCEPTIONS: dict[str, str] = {
    "wales": "wales",
    "news": "news",
    "lens": "lens",
    "series": "series",
    "species": "species",
    "bias": "bias",
    "alias": "alias",
    "atlas": "atlas",
    "canvas": "canvas",
    "chaos": "chaos",
    "ethos": "ethos",
    "kudos": "kudos",
    "politics": "politics",
    "ethics": "ethics",
    "buses": "bus",
    "crises": "crisis",
    "headaches": "headache",
    "movies": "movie",
    "selfies": "selfie",
    "cookies": "cookie",
    "hoodies": "hoodie",
    "aunties": "auntie",
}

_WELSH_VOWELS = frozenset("aeiouwy")
# Radical words that look like a mutation of another word (dyn "man" vs tyn "tight").
_NOT_MUTATED = frozenset({"dyn"})


def _fold_accents(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(char for char in decomposed if not unicodedata.combining(char))


_STOP_WORDS: frozenset[str] = frozenset(_fold_accents(word) for word in ENGLISH | WELSH)


@dataclass(frozen=True, slots=True)
class Phrase:
    """A key phrase as shown: its text, how many distinct people used it, its score."""

    phrase: str
    contributors: int
    score: float


def key_phrases(
    entries: Iterable[tuple[str, str]], lang: str, *, top: int = 10, k: int = 3
) -> list[Phrase]:
    """The ``top`` key phrases in redacted reflections, best first.

    ``entries`` are ``(contributor_id, redacted_text)`` pairs: one card's reflections or a
    whole session's. ``lang`` ("en" or "cy") chooses the normalisation; stop words of both
    languages are always removed because people switch language mid-sentence.

    Every phrase returned passes the privacy threshold: it was used by at least ``k``
    distinct contributors. Phrases are ordered by score (highest first), then text.
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {LANGUAGES}")
    check_k(k)
    if top <= 0:
        return []

    documents, cache, accented = _tokenise(entries, lang)
    if lang == "cy" and (radical := _radical_forms(_document_frequency(_words(documents, cache)))):
        cache = {chunk: tuple(radical.get(w, w) for w in keys) for chunk, keys in cache.items()}
    unigrams, bigrams = _words_and_pairs(documents, cache)
    people = len(unigrams)
    if people < k:
        return []

    # Only phrases that enough people used can qualify, so only their users are gathered.
    word_df, pair_df = _document_frequency(unigrams), _document_frequency(bigrams)
    users = _users_of(unigrams, {word for word, n in word_df.items() if n >= k and word})
    pair_users = _users_of(
        bigrams, {(a, b) for (a, b), n in pair_df.items() if n >= k and a and b and a != b}
    )

    def shown(word: str) -> str:
        return accented.get(word, word)

    # Keyed by the text shown; a bigram's text has a space, so it never meets a word's.
    candidates = {shown(word): who for word, who in users.items() if meets_threshold(who, k)}
    for (first, second), who in pair_users.items():
        if meets_threshold(who, k):
            candidates[f"{shown(first)} {shown(second)}"] = who
            # A bigram used by exactly the same people says more than either of its words.
            for word in (first, second):
                if users.get(word) == who:
                    candidates.pop(shown(word), None)

    counts = [(text, len(who)) for text, who in candidates.items()]
    scores = {n: _score(n, people) for n in {n for _, n in counts}}
    best = heapq.nsmallest(top, counts, key=lambda item: (-scores[item[1]], item[0]))
    return [Phrase(phrase=text, contributors=n, score=scores[n]) for text, n in best]


def theme_tag_counts(
    card_contributors: Mapping[int, set[str]],
    card_themes: Mapping[int, Sequence[str]],
    k: int = 3,
) -> list[tuple[str, int]]:
    """``(tag, people)`` for each theme tag: distinct people who reflected on any of its cards.

    ``card_contributors`` maps a card number to the ids of people who reflected on it;
    ``card_themes`` maps a card number to its theme tags. A person who reflected on three
    cards with the same tag counts once for it. Every count returned passes the privacy
    threshold (at least ``k`` distinct contributors); smaller groups are left out. Sorted
    by count (highest first), then tag.
    """
    check_k(k)
    tag_people: dict[str, set[str]] = {}
    for card, contributors in card_contributors.items():
        for tag in card_themes.get(card, ()):
            tag_people.setdefault(tag, set()).update(contributors)
    counts = [(tag, len(who)) for tag, who in tag_people.items() if meets_threshold(who, k)]
    counts.sort(key=lambda item: (-item[1], item[0]))
    return counts


def _score(contributors: int, people: int) -> float:
    idf = math.log((1 + people) / (1 + contributors)) + 1
    return round(contributors * idf, 4)


def _tokenise(
    entries: Iterable[tuple[str, str]], lang: str
) -> tuple[list[tuple[str, list[str]]], dict[str, tuple[str, ...]], dict[str, str]]:
    """Split each entry into space-free chunks and find the keys of each distinct chunk.

    Returns ``(contributor, chunks)`` per entry, the keys of every chunk ("school." →
    ``("school", "")``, where ``""`` marks a run break) and, for keys written with accents
    by anyone, the accented spelling to show (``tim`` → ``tîm``). Each distinct chunk is
    analysed once, and the per-word loops run inside ``set``, ``Counter`` and ``pairwise``:
    that is what keeps a 200-person session well inside its time budget. Nothing here
    outlives the call, so no reflection text is kept in memory.
    """
    documents: list[tuple[str, list[str]]] = []
    for contributor, text in entries:
        text = text.lower()
        if "[" in text:
            text = _REDACTION.sub(" . ", text)
        documents.append((contributor, text.split()))
    accented: dict[str, str] = {}
    cache = {
        chunk: _chunk_keys(chunk, lang, accented)
        for chunk in set(chain.from_iterable(chunks for _, chunks in documents))
    }
    return documents, cache, accented


def _words(
    documents: list[tuple[str, list[str]]], cache: Mapping[str, tuple[str, ...]]
) -> dict[str, set[str]]:
    """Per contributor, the keys they used (run breaks included; callers skip ``""``)."""
    words: dict[str, set[str]] = {}
    for contributor, chunks in documents:
        words.setdefault(contributor, set()).update(
            chain.from_iterable(map(cache.__getitem__, chunks))
        )
    return words


def _words_and_pairs(
    documents: list[tuple[str, list[str]]], cache: Mapping[str, tuple[str, ...]]
) -> tuple[dict[str, set[str]], dict[str, set[tuple[str, str]]]]:
    """Per contributor, the keys and the neighbouring key pairs they used."""
    words: dict[str, set[str]] = {}
    pairs: dict[str, set[tuple[str, str]]] = {}
    for contributor, chunks in documents:
        keys = list(chain.from_iterable(map(cache.__getitem__, chunks)))
        words.setdefault(contributor, set()).update(keys)
        pairs.setdefault(contributor, set()).update(pairwise(keys))
    return words, pairs


def _document_frequency(by_contributor: Mapping[str, set[_Key]]) -> Counter[_Key]:
    """How many contributors used each phrase (each person counts once)."""
    frequency: Counter[_Key] = Counter()
    for phrases in by_contributor.values():
        frequency.update(phrases)
    return frequency


def _users_of(by_contributor: Mapping[str, set[_Key]], phrases: set[_Key]) -> dict[_Key, set[str]]:
    """Who used each of ``phrases``."""
    users: dict[_Key, set[str]] = {phrase: set() for phrase in phrases}
    for contributor, used in by_contributor.items():
        for phrase in used & phrases:
            users[phrase].add(contributor)
    return users


def _chunk_keys(chunk: str, lang: str, accented: dict[str, str]) -> tuple[str, ...]:
    """The keys of a lower-cased, space-free chunk of text; ``""`` marks a run break.

    Records in ``accented`` how to show a key that was written with accents.
    """
    keys: list[str] = []
    for token in _TOKEN.findall(chunk):
        if not token[0].isalnum():
            keys.append("")
            continue
        for part in _APOSTROPHE.split(token):
            key = _part_key(part, lang)
            keys.append(key)
            if key and not part.isascii():
                shown = _singular(part) if lang == "en" else part
                accented[key] = min(accented.get(key, shown), shown)
    return tuple(keys)


def _part_key(part: str, lang: str) -> str:
    """The key a word is matched by, or ``""`` for a stop word, number or single letter."""
    folded = _fold_accents(part)
    if len(folded) < 2 or folded in _STOP_WORDS or _DIGIT.search(folded):
        return ""
    if lang == "en":
        folded = _singular(folded)
        if folded in _STOP_WORDS:
            return ""
    return folded


def _singular(word: str) -> str:
    """Fold a regular English plural: placements → placement, stories → story."""
    if word in _SINGULAR_EXCEPTIONS:
        return _SINGULAR_EXCEPTIONS[word]
    if len(word) < 4 or not word.endswith("s") or word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    return word[:-1]


def _radical_forms(people: Counter[str]) -> dict[str, str]:
    """Map mutated Welsh words to their radical form when that form was also used.

    ``blant``/``mhlant``/``phlant`` → ``plant``, ``leoliad`` → ``lleoliad``. Only forms
    somebody actually wrote are targets, so an English word is never turned into Welsh;
    of several possible radicals the most widely used wins (then alphabetical). ``people``
    counts the contributors using each word.
    """
    mapping: dict[str, str] = {}
    for word in people:
        if word in _NOT_MUTATED or len(word) < 3:
            continue
        found = [form for form in _unmutated(word) if form != word and form in people]
        if found:
            mapping[word] = min(found, key=lambda form: (-people[form], form))
    # Follow chains (a → b → c) to their end so that every spelling lands in one place.
    resolved: dict[str, str] = {}
    for word, target in mapping.items():
        seen = {word}
        while target in mapping and target not in seen:
            seen.add(target)
            target = mapping[target]
        resolved[word] = target
    return resolved


def _unmutated(word: str) -> list[str]:
    """Possible radical forms of a Welsh word under soft, nasal or aspirate mutation."""
    forms: list[str] = []
    # Nasal: p → mh, t → nh, c → ngh, b → m, d → n, g → ng.
    for mutated, radical in (("ngh", "c"), ("mh", "p"), ("nh", "t"), ("ng", "g")):
        if word.startswith(mutated):
            forms.append(radical + word[len(mutated) :])
            break
    else:
        if word.startswith("m"):
            forms.append("b" + word[1:])
        elif word.startswith("n"):
            forms.append("d" + word[1:])
    # Aspirate: p → ph, t → th, c → ch, and h before a vowel.
    for mutated, radical in (("ph", "p"), ("th", "t"), ("ch", "c")):
        if word.startswith(mutated):
            forms.append(radical + word[2:])
    if word[0] == "h" and word[1] in _WELSH_VOWELS:
        forms.append(word[1:])
    # Soft: p → b, t → d, c → g, b → f, m → f, d → dd, ll → l, rh → r, g dropped.
    first = word[0]
    if word.startswith("dd"):
        forms.append("d" + word[2:])
    elif first == "d":
        forms.append("t" + word[1:])
    elif first == "b":
        forms.append("p" + word[1:])
    elif first == "g":
        forms.append("c" + word[1:])
    elif first == "f" and not word.startswith("ff"):
        forms.extend(("b" + word[1:], "m" + word[1:]))
    elif first == "l" and not word.startswith("ll"):
        forms.append("ll" + word[1:])
    elif first == "r" and not word.startswith("rh"):
        forms.append("rh" + word[1:])
    if first in _WELSH_VOWELS or first in "lr":
        forms.append("g" + word)
    return forms
