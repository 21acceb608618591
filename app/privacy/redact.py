"""``redact()``: the one function every free-text field passes through before storing."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from app.i18n import LANGUAGES, translate
from app.privacy import patterns
from app.privacy.gazetteer import Gazetteer, gazetteer
from app.privacy.labels import PLACEHOLDERS, Label, placeholder, removed_line
from app.privacy.names import find_names
from app.privacy.spans import Span, merge_spans
from app.privacy.tokens import tokenize
from app.privacy.welsh import looks_welsh


@dataclass(frozen=True)
class Redaction:
    """A redacted text: ``spans`` are offsets into the input, ``counts`` per label."""

    text: str
    spans: tuple[Span, ...]
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def removed(self) -> int:
        """How many details were removed in all."""
        return sum(self.counts.values())


@cache
def _placeholder_pattern() -> re.Pattern[str]:
    """Our own stand-ins in every language, so redacting twice changes nothing new."""
    words = {translate(lang, text) for lang in LANGUAGES for text in PLACEHOLDERS.values()}
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))


def _shaped_spans(text: str, gaz: Gazetteer) -> Iterator[Span]:
    def ordinary(word: str) -> bool:
        tokens = tokenize(word)
        if len(tokens) != 1:
            return False
        token = tokens[0]
        listed_name = token.capitalised and token.low in gaz.first_names
        return gaz.is_common(token) or gaz.is_acronym(token) or listed_name

    yield from patterns.contacts(text)
    yield from patterns.cued_handles(text, ordinary)
    yield from patterns.identifiers(text)
    yield from patterns.dates(text)
    yield from patterns.addresses(text)
    yield from patterns.pseudonyms(text)


def find_spans(text: str) -> tuple[Span, ...]:
    """Identifying spans in ``text``: sorted, non-overlapping offsets into it."""
    gaz = gazetteer()
    kept = [m.span() for m in _placeholder_pattern().finditer(text)]
    shaped = [s for s in _shaped_spans(text, gaz) if not _inside_any(s.start, s.end, kept)]
    tokens = tokenize(text)
    covered = kept + [(s.start, s.end) for s in shaped]
    blocked = [_overlaps_any(t.start, t.end, covered) for t in tokens]
    # Only plain lower-case words vote on the language: capitalised ones may be names about
    # to be redacted, and a second pass over the redacted text must decide the same.
    plain = (
        t.low
        for t, done in zip(tokens, blocked, strict=True)
        if not done and t.text.islower() and len(t.text) > 1
    )
    welsh = looks_welsh(plain, gaz.welsh_words, gaz.english_words)
    named = find_names(text, tokens, blocked, gaz, welsh=welsh)
    spans = merge_spans([*shaped, *named], text)
    return tuple(s for s in spans if not _inside_any(s.start, s.end, kept))


def _overlaps_any(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start < r_end and r_start < end for r_start, r_end in ranges)


def _inside_any(start: int, end: int, ranges: list[tuple[int, int]]) -> bool:
    return any(r_start <= start and end <= r_end for r_start, r_end in ranges)


# What a person may ask to have taken out on top of what we find ("tap to remove").
MAX_REMOVALS = 40
MAX_REMOVAL_LENGTH = 80


def clean_removals(words: Iterable[str]) -> tuple[str, ...]:
    """The person's own removals, tidied: stripped, de-duplicated, bounded in number and
    length, and only those with a letter or digit in them."""
    out: dict[str, str] = {}
    for word in words:
        cleaned = " ".join(str(word).split())[:MAX_REMOVAL_LENGTH]
        if cleaned and any(ch.isalnum() for ch in cleaned):
            out.setdefault(cleaned.casefold(), cleaned)
        if len(out) >= MAX_REMOVALS:
            break
    return tuple(out.values())


def removal_spans(text: str, words: Iterable[str]) -> list[Span]:
    """Every whole-word occurrence (any case) of each word the person asked to remove, as
    PERSON. These are only ever added to what ``find_spans`` found, never taken from it."""
    spans: list[Span] = []
    for word in clean_removals(words):
        body = r"\s+".join(re.escape(part) for part in word.split())
        pattern = re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)
        spans.extend(Span(m.start(), m.end(), Label.PERSON) for m in pattern.finditer(text))
    return spans


def redact(text: str, lang: str = "en", remove: Iterable[str] = ()) -> Redaction:
    """Replace names, contacts, addresses, organisations, dates, IDs and places in ``text``
    with readable stand-ins in ``lang`` ("[name]", "[enw]").

    Works on English and Welsh text whatever ``lang`` is; ``lang`` only chooses the words
    that replace what was removed. Over-redacting is preferred to leaking. ``remove`` are
    words the person chose to take out as well (redacted as PERSON wherever they occur);
    they can only add to what is redacted, never take anything away.
    """
    spans = find_spans(text)
    extra = removal_spans(text, remove) if remove else []
    if extra:
        spans = merge_spans([*spans, *extra], text)
    pieces: list[str] = []
    position = 0
    for span in spans:
        pieces.append(text[position : span.start])
        pieces.append(placeholder(span.label, lang))
        position = span.end
    pieces.append(text[position:])
    counts = Counter(span.label for span in spans)
    ordered = {str(label): counts[label] for label in Label if counts[label]}
    return Redaction(text="".join(pieces), spans=spans, counts=ordered)


def describe(counts: dict[str, int], lang: str) -> list[str]:
    """Lines for the participant, such as "1 name removed" and "2 dates removed"."""
    return [removed_line(label, counts[label], lang) for label in Label if counts.get(label)]
