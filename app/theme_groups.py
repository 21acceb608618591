"""Suggested themes: group reflections that say related things, and name each group.

Pure domain code over redacted text (the store holds nothing else), in plain Python: no
model, nothing downloaded, a few milliseconds for a room of 300 reflections.

1. **Keys.** Each reflection becomes a set of keys. Text is lower-cased, accents folded,
   redaction tokens (``[name]``, ``[enw]``...) and punctuation break it into runs. Runs are
   matched against the bilingual concept lexicon (:mod:`app.themes_lexicon`; Welsh entries
   in every mutated form, English entries by light stem), longest phrase first, so
   "foster carers" and "gofalwyr maeth" (or "ofalwyr maeth") become one concept. Words the
   lexicon does not know become keys of their own after stop words of both languages go,
   Welsh mutations are folded to a radical form somebody wrote, and English words are
   stemmed lightly (``listening`` → ``listen``).
2. **Similarity.** Keys are weighted by inverse document frequency over the reflections
   (a key in one reflection links nothing and is dropped); two reflections' similarity
   is the cosine of their weighted key sets. Reflections on the same card, and "What
   could change?" answers at the same level, share a small extra weight.
3. **Groups.** Average-linkage agglomerative clustering over the pairs that share a key,
   stopping when the best average similarity falls below a threshold. Single reflections
   stay outside any theme.
4. **Names.** A group is named by its most telling phrase: the key that most of its
   members share and that is rarest elsewhere (class-based TF-IDF), shown as the words
   people wrote (a two-word phrase when two or more members wrote it), or, for a
   concept, its label in the session's language. That key is also the group's ``key``: a
   stable identity, so that the facilitator's edits can follow a group as it grows.

Counting contributors and the k-threshold are the caller's job (:mod:`app.aggregates`).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from app.themes import _STOP_WORDS, _radical_forms
from app.themes_lexicon import CONCEPTS

# Tuned on tests/fixtures/themes-gold-1.json only (see tests/unit/test_theme_groups.py).
MERGE_THRESHOLD = 0.27
CARD_WEIGHT = 0.9
LEVEL_WEIGHT = 0.5
# Similarities below this are left out of the graph: they cannot lift an average.
_LINK_FLOOR = 0.1

_REDACTION = re.compile(r"\[[^\[\]]*\]")
_TOKEN = re.compile(r"[^\W_]+(?:[\-‐][^\W_]+)*|[^\w\s'’ʼ‘]")
_APOSTROPHE = re.compile(r"['’ʼ‘]")
_WELSH_VOWELS = "aeiouwy"
_WELSH_HINTS = frozenset(
    [
        "mae",
        "maen",
        "yn",
        "yr",
        "y",
        "ond",
        "gyda",
        "dw",
        "dwi",
        "ddim",
        "ei",
        "eu",
        "nhw",
        "hi",
        "fe",
        "fi",
        "rydyn",
        "rydw",
        "roedd",
        "oedd",
        "sy",
        "sydd",
        "ni",
        "chi",
        "ar",
        "i",
        "o",
        "am",
        "wedi",
        "bod",
        "cael",
        "mewn",
        "hefyd",
    ]
)
_ENGLISH_HINTS = frozenset(
    [
        "the",
        "and",
        "is",
        "are",
        "was",
        "were",
        "of",
        "to",
        "in",
        "it",
        "that",
        "this",
        "with",
        "for",
        "not",
        "they",
        "she",
        "he",
        "we",
        "our",
        "their",
        "be",
        "have",
        "has",
    ]
)


@dataclass(frozen=True)
class Item:
    """One reflection as the grouping sees it (redacted text only)."""

    id: int
    contributor: str
    card: int
    text: str
    kind: str = "think"
    level: str | None = None


@dataclass(frozen=True)
class Suggestion:
    key: str  # stable identity: the group's most telling key
    label: str  # its most telling phrase, in the session's language where known
    members: tuple[int, ...]  # reflection ids, in input order


# Words ---------------------------------------------------------------------------------


def _fold(word: str) -> str:
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def stem(word: str) -> str:
    """A light English stem: placements → placement, listening → listen, judged → judg."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith(("sses", "shes", "ches", "xes")):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ation", "ing", "ed", "ly", "ment"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "ls":
                word = word[:-1]  # getting → get, planned → plan
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]  # judge/judging → judg
    return word


def _runs(text: str) -> list[list[str]]:
    """Runs of lower-cased, accent-folded words; punctuation and redactions break runs."""
    text = _REDACTION.sub(" . ", text.lower())
    runs: list[list[str]] = [[]]
    for token in _TOKEN.findall(text):
        if not token[0].isalnum():
            if runs[-1]:
                runs.append([])
            continue
        runs[-1].extend(_fold(part) for part in _APOSTROPHE.split(token) if part)
    return [run for run in runs if run]


def _soft_nasal_aspirate(word: str) -> set[str]:
    """The mutated forms of a Welsh radical word (and ``h`` before a vowel)."""
    forms = {word}
    soft = {"p": "b", "t": "d", "c": "g", "b": "f", "d": "dd", "m": "f"}
    nasal = {"p": "mh", "t": "nh", "c": "ngh", "b": "m", "d": "n", "g": "ng"}
    aspirate = {"p": "ph", "t": "th", "c": "ch"}
    if word.startswith("ll"):
        forms.add("l" + word[2:])
    elif word.startswith("rh"):
        forms.add("r" + word[2:])
    elif word.startswith("g") and not word.startswith("ng"):
        forms.add(word[1:])
    first, rest = word[0], word[1:]
    for table in (soft, nasal, aspirate):
        if first in table and not word.startswith(("ll", "rh", "ch", "th", "ph", "dd", "ff")):
            forms.add(table[first] + rest)
    if first in _WELSH_VOWELS:
        forms.add("h" + word)
    return forms


@dataclass(frozen=True)
class _Lexicon:
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first stem → (stems, concept)
    labels: dict[str, tuple[str, str]]  # concept → (English label, Welsh label)


@cache
def _lexicon() -> _Lexicon:
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    seen: set[tuple[str, ...]] = set()
    labels: dict[str, tuple[str, str]] = {}
    for concept, (english, welsh) in CONCEPTS.items():
        labels[concept] = (english[0], welsh[0])
        variants: list[tuple[str, ...]] = []
        for term in english:
            for run in _runs(term):
                variants.append(tuple(stem(w) for w in run))
        for term in welsh:
            for run in _runs(term):
                for first in _soft_nasal_aspirate(run[0]):
                    variants.append(tuple(stem(w) for w in (first, *run[1:])))
        for words in variants:
            if words in seen:
                continue  # the first concept to claim a phrase keeps it
            seen.add(words)
            phrases.setdefault(words[0], []).append((words, concept))
    for options in phrases.values():
        options.sort(key=lambda option: -len(option[0]))
    return _Lexicon(phrases, labels)


@dataclass
class _Doc:
    item: Item
    keys: set[str]
    surface: list[tuple[str, str]]  # (key, word as written) in order; ("", "") breaks
    welsh: bool


def _analyse(items: Sequence[Item]) -> list[_Doc]:
    lexicon = _lexicon()
    all_runs = [_runs(item.text) for item in items]
    # Welsh mutations of words outside the lexicon: fold to a radical somebody wrote.
    people: Counter[str] = Counter()
    for runs in all_runs:
        people.update({w for run in runs for w in run if w not in _STOP_WORDS and len(w) > 2})
    radical = _radical_forms(people)
    phrases = lexicon.phrases
    # Each distinct word is analysed once: (stem, lexicon phrases starting with it, its
    # own key or "" for a stop word, Welsh hint, English hint).
    info: dict[str, tuple[str, list[tuple[tuple[str, ...], str]] | None, str, bool, bool]] = {}
    docs: list[_Doc] = []
    for item, runs in zip(items, all_runs, strict=True):
        keys: set[str] = set()
        surface: list[tuple[str, str]] = []
        welsh_hints = english_hints = 0
        for run in runs:
            details = []
            for word in run:
                found = info.get(word)
                if found is None:
                    own = (
                        ""
                        if word in _STOP_WORDS or len(word) < 3 or not word.isalpha()
                        else "w:" + stem(radical.get(word, word))
                    )
                    stemmed = stem(word)
                    found = info[word] = (
                        stemmed,
                        phrases.get(stemmed),
                        own,
                        word in _WELSH_HINTS,
                        word in _ENGLISH_HINTS,
                    )
                details.append(found)
            length = len(run)
            i = 0
            while i < length:
                _, options, own, welsh, english = details[i]
                welsh_hints += welsh
                english_hints += english
                size = 0
                if options:
                    for words, concept in options:
                        size = len(words)
                        if size == 1 or (
                            i + size <= length
                            and all(details[i + j][0] == words[j] for j in range(1, size))
                        ):
                            key = "c:" + concept
                            keys.add(key)
                            surface.append((key, " ".join(run[i : i + size])))
                            break
                        size = 0
                if size:
                    i += size
                    continue
                i += 1
                if own:
                    keys.add(own)
                surface.append((own, run[i - 1] if own else ""))
            surface.append(("", ""))
        docs.append(_Doc(item, keys, surface, welsh_hints > english_hints))
    return docs


# Grouping ------------------------------------------------------------------------------


def _similarities(docs: Sequence[_Doc], idf: dict[str, float]) -> dict[tuple[int, int], float]:
    """Cosine similarity of the pairs of reflections that share a telling key.

    Pairs are found through the keys fewer than a third of the reflections use; keys more
    common than that still count in the similarity of those pairs, but alone they link
    nobody (so a word everyone used cannot turn the room into one group, and the work
    stays well under quadratic).
    """
    weights = [{key: idf[key] for key in doc.keys if key in idf} for doc in docs]
    common_df = max(3, len(docs) // 3)
    postings: dict[str, list[int]] = {}
    for index, keyed in enumerate(weights):
        for key in keyed:
            postings.setdefault(key, []).append(index)
    common = {key for key, members in postings.items() if len(members) > common_df}
    dots: dict[tuple[int, int], float] = {}
    for key, members in postings.items():
        if key in common:
            continue
        weight = idf[key] ** 2
        for position, a in enumerate(members):
            for b in members[position + 1 :]:
                dots[(a, b)] = dots.get((a, b), 0.0) + weight
    common_keys = [set(keyed) & common for keyed in weights]
    norms = []
    for doc, keyed in zip(docs, weights, strict=True):
        extra = CARD_WEIGHT**2 + (LEVEL_WEIGHT**2 if doc.item.level else 0.0)
        norms.append(math.sqrt(sum(w * w for w in keyed.values()) + extra))
    sims: dict[tuple[int, int], float] = {}
    for (a, b), dot in dots.items():
        first, second = docs[a].item, docs[b].item
        if common_keys[a] and common_keys[b]:
            dot += sum(idf[key] ** 2 for key in common_keys[a] & common_keys[b])
        if first.card == second.card:
            dot += CARD_WEIGHT**2
        if first.level and first.level == second.level:
            dot += LEVEL_WEIGHT**2
        sim = dot / (norms[a] * norms[b])
        if sim >= _LINK_FLOOR:
            sims[(a, b)] = sim
    return sims


def _cluster(count: int, sims: dict[tuple[int, int], float], threshold: float) -> list[list[int]]:
    """Average-linkage clustering over a sparse similarity graph."""
    members: dict[int, list[int]] = {i: [i] for i in range(count)}
    links: dict[int, dict[int, float]] = {i: {} for i in range(count)}  # summed similarities
    heap: list[tuple[float, int, int]] = []
    for (a, b), sim in sims.items():
        links[a][b] = links[b][a] = sim
        if sim >= threshold:
            heap.append((-sim, a, b))
    heapq.heapify(heap)
    next_id = count
    while heap:
        _, a, b = heapq.heappop(heap)
        if a not in members or b not in members:
            continue  # one side was merged already
        merged = members.pop(a) + members.pop(b)
        la, lb = links.pop(a), links.pop(b)
        joined: dict[int, float] = {}
        for other in (set(la) | set(lb)) - {a, b}:
            total = la.get(other, 0.0) + lb.get(other, 0.0)
            joined[other] = total
            neighbour = links[other]
            neighbour.pop(a, None)
            neighbour.pop(b, None)
            neighbour[next_id] = total
            average = total / (len(merged) * len(members[other]))
            if average >= threshold:
                heapq.heappush(heap, (-average, min(other, next_id), max(other, next_id)))
        members[next_id] = merged
        links[next_id] = joined
        next_id += 1
    return sorted((sorted(group) for group in members.values()), key=lambda g: g[0])


# Naming --------------------------------------------------------------------------------


def _name(group: list[_Doc], idf: dict[str, float], lang: str, taken: set[str]) -> tuple[str, str]:
    """(key, label): the group's most telling key and the phrase that shows it."""
    counts: Counter[str] = Counter()
    for doc in group:
        counts.update(key for key in doc.keys if key in idf)
    ranked = sorted(counts, key=lambda key: (-(counts[key] * idf[key]), key))
    if not ranked:
        return "", ""
    key = next((k for k in ranked if k not in taken), "")
    if not key:  # every key names a larger group already: number this one
        key = next(
            f"{ranked[0]}#{n}" for n in range(2, len(taken) + 3) if f"{ranked[0]}#{n}" not in taken
        )
        ranked.insert(0, key)
    # A two-word phrase that two or more members wrote, containing the key.
    preferred = [doc for doc in group if doc.welsh == (lang == "cy")] or group
    pairs: Counter[str] = Counter()
    for doc in preferred:
        found = set()
        for (k1, w1), (k2, w2) in zip(doc.surface, doc.surface[1:], strict=False):
            if k1 and k2 and key in (k1, k2) and k1 != k2 and " " not in w1 + w2:
                found.add(f"{w1} {w2}")
        pairs.update(found)
    if pairs:
        phrase, uses = max(pairs.items(), key=lambda item: (item[1], item[0]))
        if uses >= 2:
            return key, phrase[:1].upper() + phrase[1:]
    label = _shown(key.split("#")[0], group, preferred, lang)
    # A second key most members share says what the first alone does not ("time" →
    # "time, caseloads"); it must be a different concept and widely shared in the group.
    second = next(
        (k for k in ranked if k != key and k != key.split("#")[0] and counts[k] * 2 >= len(group)),
        None,
    )
    if second is not None and counts[second] >= 2:
        extra = _shown(second, group, preferred, lang)
        if extra.casefold() not in label.casefold() and label.casefold() not in extra.casefold():
            label = f"{label}, {extra}"
    return key, label[:1].upper() + label[1:]


def _shown(key: str, group: list[_Doc], preferred: list[_Doc], lang: str) -> str:
    """How to show one key: a concept's label in ``lang``, or the word as people wrote it."""
    if key.startswith("c:"):
        english, welsh = _lexicon().labels[key[2:]]
        return welsh if lang == "cy" else english
    written = Counter(w for doc in preferred for k, w in doc.surface if k == key)
    if not written:
        written = Counter(w for doc in group for k, w in doc.surface if k == key)
    return max(written.items(), key=lambda item: (item[1], item[0]))[0] if written else key[2:]


def suggest(
    items: Iterable[Item], lang: str, *, threshold: float = MERGE_THRESHOLD
) -> list[Suggestion]:
    """Suggested themes over ``items``: groups of two or more reflections, largest first."""
    items = list(items)
    if len(items) < 2:
        return []
    docs = _analyse(items)
    frequency: Counter[str] = Counter()
    for doc in docs:
        frequency.update(doc.keys)
    total = len(docs)
    idf = {key: math.log(total / df) + 0.5 for key, df in frequency.items() if df >= 2}
    groups = [g for g in _cluster(total, _similarities(docs, idf), threshold) if len(g) > 1]
    groups.sort(key=lambda g: (-len({docs[i].item.contributor for i in g}), g[0]))
    taken: set[str] = set()
    suggestions: list[Suggestion] = []
    for group in groups:
        key, label = _name([docs[i] for i in group], idf, lang, taken)
        if not key:
            continue
        taken.add(key)
        suggestions.append(Suggestion(key, label, tuple(docs[i].item.id for i in group)))
    return suggestions
