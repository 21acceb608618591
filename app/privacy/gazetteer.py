"""The word lists in ``data/``, loaded once: names, places, common words, things to keep."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from app.privacy.tokens import Token, tokenize
from app.privacy.welsh import mutated_forms

DATA_DIR = Path(__file__).resolve().parent / "data"
# Imperative and past-tense endings no Welsh or English name has.
_WELSH_VERB_ENDINGS = ("wch", "odd", "wyd", "asant", "asom")
# Second halves of double-barrelled first names ("Ruby-Mae", "Demi-Leigh", "Tia-Mai").
# Listed apart because on their own several are ordinary words ("Mae", "May").
HYPHEN_NAME_PARTS = frozenset(
    (
        "mae",
        "may",
        "mai",
        "leigh",
        "lee",
        "jo",
        "rose",
        "louise",
        "marie",
        "ann",
        "anne",
        "jane",
        "lou",
        "belle",
        "grace",
        "lily",
        "jay",
        "james",
        "john",
        "paul",
        "ray",
        "louis",
        "rae",
    )
)


def _lines(name: str) -> list[str]:
    """Entries of a data file, one a line, without blank lines and ``#`` comments."""
    text = (DATA_DIR / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _words(name: str) -> list[str]:
    """Entries of a data file that lists several words a line."""
    return [word for line in _lines(name) for word in line.split()]


def _norm(word: str) -> str:
    return word.lower().replace("’", "'")


@dataclass(frozen=True)
class PhraseIndex:
    """Multi-word entries ("Ebbw Vale", "South Wales Police") found by their first word."""

    by_first: dict[str, tuple[tuple[str, ...], ...]]

    @classmethod
    def build(cls, phrases: Iterable[str]) -> PhraseIndex:
        index: dict[str, set[tuple[str, ...]]] = {}
        for phrase in phrases:
            words = tuple(token.norm for token in tokenize(phrase))
            if words:
                index.setdefault(words[0], set()).add(words)
        return cls(
            {first: tuple(sorted(group, key=len, reverse=True)) for first, group in index.items()}
        )

    def match(self, tokens: Sequence[Token], i: int) -> int:
        """How many tokens from ``tokens[i]`` form the longest entry (0 for none).

        A possessive on the last word still matches ("Hywel Dda's" is "Hywel Dda").
        """
        first = tokens[i]
        candidates = self.by_first.get(first.norm) or self.by_first.get(first.low)
        if not candidates:
            return 0
        for words in candidates:
            end = i + len(words)
            if end > len(tokens):
                continue
            if all(
                tokens[i + k].norm == word or tokens[i + k].low == word
                for k, word in enumerate(words)
            ):
                return len(words)
        return 0


@dataclass(frozen=True)
class Gazetteer:
    """Everything the name rules look words up in; all keys are lower case."""

    first_names: frozenset[str]
    surnames: frozenset[str]
    common: frozenset[str]
    welsh_words: frozenset[str]
    english_words: frozenset[str]
    mutated_only: frozenset[str]
    acronyms: frozenset[str]
    place_words: frozenset[str]
    places: PhraseIndex
    keep_words: frozenset[str]
    keep: PhraseIndex

    def is_common(self, token: Token) -> bool:
        """An ordinary English or Welsh word, or one we keep (days, jargon, brands).

        A hyphenated word is ordinary when its parts are ("Follow-up", "drop-in"), and a
        Welsh verb is known by its ending ("Dilynwch", "Symudodd", "Gwelwyd"). A mutated
        Welsh form needs a word before it to trigger it, so it never opens a sentence:
        "Dai said" is a name although "dai" is a mutated "tai" (houses).
        """
        norm, low = token.norm, token.low
        if token.sentence_start and low in self.mutated_only and norm in self.mutated_only:
            return False
        if norm in self.common or low in self.common:
            return True
        if norm in self.keep_words or low in self.keep_words:
            return True
        if "-" in low and all(part in self.common for part in low.split("-")):
            return True
        return len(low) >= 5 and low.endswith(_WELSH_VERB_ENDINGS)

    def is_acronym(self, token: Token) -> bool:
        """A listed acronym, also in the plural ("PCSOs") or possessive ("CAMHS's")."""
        core = token.core
        return core in self.acronyms or (core.endswith("s") and core[:-1] in self.acronyms)

    def is_name(self, token: Token) -> bool:
        """A listed first name or surname, or a hyphenated mix of them ("Lacey-Jo")."""
        return self.is_first_name(token) or self._listed(token.low, self.surnames)

    def is_first_name(self, token: Token) -> bool:
        return self._listed(token.low, self.first_names)

    def _listed(self, low: str, names: frozenset[str]) -> bool:
        if low in names:
            return True
        if "-" in low:
            parts = low.split("-")
            listed = self.first_names | self.surnames
            return parts[0] in names and all(
                part in listed or (index and part in HYPHEN_NAME_PARTS)
                for index, part in enumerate(parts)
            )
        return False

    def is_place(self, token: Token) -> bool:
        return token.low in self.place_words


def _with_mutations(words: Iterable[str]) -> set[str]:
    out: set[str] = set()
    for word in words:
        out.add(word)
        out.update(mutated_forms(word))
    return out


def _mutated_phrases(phrases: Iterable[str]) -> set[str]:
    """Each phrase plus the mutated forms of its first word ("i Gaerdydd", "ym Mhen-y-bont")."""
    out: set[str] = set()
    for phrase in phrases:
        out.add(phrase)
        first, _, rest = phrase.partition(" ")
        for form in mutated_forms(first):
            out.add(f"{form} {rest}".strip())
    return out


@cache
def gazetteer() -> Gazetteer:
    """The lists, read and indexed once per process."""
    places = _mutated_phrases(_lines("places.txt"))
    keep = _mutated_phrases(_lines("agencies.txt"))  # "gan Brifysgol Caerdydd"
    english = frozenset(_norm(w) for w in _words("common_en.txt"))
    welsh_radicals = frozenset(_norm(w) for w in _words("common_cy.txt"))
    welsh = frozenset(_with_mutations(welsh_radicals))
    vocabulary = frozenset(_norm(w) for w in _words("vocabulary.txt"))
    return Gazetteer(
        first_names=frozenset(
            _norm(w) for f in ("first_names.txt", "first_names_faker.txt") for w in _words(f)
        ),
        surnames=frozenset(
            _norm(w) for f in ("surnames.txt", "surnames_faker.txt") for w in _words(f)
        ),
        common=english | welsh | vocabulary,
        welsh_words=welsh - english,
        english_words=english - welsh,
        mutated_only=welsh - welsh_radicals - english - vocabulary,
        acronyms=frozenset(_words("acronyms.txt")),
        place_words=frozenset(_norm(p) for p in places if " " not in p),
        places=PhraseIndex.build(p for p in places if " " in p),
        keep_words=frozenset(_norm(k) for k in keep if " " not in k),
        keep=PhraseIndex.build(k for k in keep if " " in k),
    )
