"""One text's words with what the rules have decided about them so far.

The structure rules (``structures.py``) and the name rules (``names.py``) read and mark
the same view: which words are already redacted (``blocked``), which belong to an agency
(``protected``), and which label each word has been given.
"""

from __future__ import annotations

from collections.abc import Sequence

from app.privacy import cues
from app.privacy.gazetteer import Gazetteer
from app.privacy.labels import Label
from app.privacy.spans import Span
from app.privacy.tokens import Token

# When most words are in capitals the writer is shouting, and capitals mean nothing.
_SHOUTING_SHARE = 0.6
_LEADING_WORDS = cues.DETERMINERS | cues.RUN_CONNECTORS
_CUE_WORDS = cues.RELATIONS | cues.RANKS | cues.TITLES


class TextView:
    """Tokens of one text, their labels so far, and the questions the rules ask of them."""

    def __init__(
        self,
        text: str,
        tokens: Sequence[Token],
        blocked: Sequence[bool],
        gaz: Gazetteer,
        *,
        welsh: bool,
    ) -> None:
        self.text = text
        self.tokens = tokens
        self.blocked = blocked
        self.gaz = gaz
        self.welsh = welsh
        self.protected = [False] * len(tokens)
        self.labels: list[str | None] = [None] * len(tokens)
        self.in_structure = [False] * len(tokens)
        self.spans: list[Span] = []
        self.shouting = self._is_shouting()

    def _is_shouting(self) -> bool:
        words = [t for t in self.tokens if t.alphabetic and len(t.core) > 1]
        caps = [t for t in words if t.all_caps and not self.gaz.is_acronym(t)]
        return len(caps) >= 4 and len(caps) >= _SHOUTING_SHARE * len(words)

    def token(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def free(self, i: int) -> bool:
        return (
            0 <= i < len(self.tokens)
            and not self.blocked[i]
            and not self.protected[i]
            and self.labels[i] is None
            and self.tokens[i].alphabetic
        )

    def cap(self, t: Token) -> bool:
        return t.capitalised and t.alphabetic and not (self.shouting and t.all_caps)

    def joined(self, a: int, b: int) -> bool:
        """Tokens ``a`` and ``b`` (b = a + 1) are separated by plain spaces only."""
        gap = self.text[self.tokens[a].end : self.tokens[b].start]
        return bool(gap) and gap.isspace() and "\n" not in gap

    def common(self, t: Token) -> bool:
        # Titles, family and rank words ("Mr", "Aunty", "Carer") are ordinary even where
        # the dictionary lacks them.
        return self.gaz.is_common(t) or t.low in _CUE_WORDS

    def ordinary(self, t: Token) -> bool:
        """An ordinary word that is neither a listed name nor a listed place."""
        return self.common(t) and not self.gaz.is_name(t) and not self.gaz.is_place(t)

    def redacted(self, i: int) -> bool:
        """Whether token ``i`` is already redacted (by a pattern, a stand-in or a rule).

        Such a word is no evidence about its neighbours: a second pass over the redacted
        text will not see it, and must decide the same.
        """
        return self.blocked[i] or self.labels[i] is not None

    def set_label(self, i: int, label: Label) -> None:
        if self.free(i):
            self.labels[i] = label

    def add_span(self, first: int, last: int, label: Label) -> None:
        tokens = self.tokens
        # A business keeps its "'s" ("Bracchi's café"); a person or place does not.
        end = tokens[last].end if label == Label.ORG else tokens[last].name_end
        self.spans.append(Span(tokens[first].start, end, label))
        for k in range(first, last + 1):
            self.in_structure[k] = True
            if self.labels[k] is None:
                self.labels[k] = label

    def run_member(self, i: int, *, after_prefix: bool = False) -> bool:
        t = self.tokens[i]
        # Family words start no name ("Mum's shop"), but may sit inside one ("Ysgol Bro Taf").
        descriptor = t.all_caps and t.low in cues.ORG_DESCRIPTORS  # "St Joseph's RC High"
        return (
            not self.blocked[i]
            and not self.protected[i]
            and (self.cap(t) or descriptor)
            and t.low not in cues.TITLES
            and (after_prefix or t.low not in cues.RELATIONS)
            and (descriptor or not self.gaz.is_acronym(t))
        )

    def run_left(self, i: int) -> list[int]:
        """Indices of the capitalised words just before ``i`` ("Maes Helyg" before "Primary")."""
        run: list[int] = []
        k = i - 1
        while k >= 0 and self.joined(k, k + 1):
            t = self.tokens[k]
            if t.text == "The" and not t.sentence_start:
                run.append(k)  # a capital "The" mid-sentence starts the name: "at The Royal Oak"
                break
            if t.low in cues.RUN_CONNECTORS and not t.sentence_start:
                if k - 1 >= 0 and self.joined(k - 1, k) and self.run_member(k - 1):
                    run.append(k)
                    k -= 1
                    continue
                break
            if not self.run_member(k):
                break
            if t.sentence_start and self.ordinary(t) and t.low in cues.DETERMINERS:
                break
            run.append(k)
            if t.sentence_start:
                break
            k -= 1
        run.reverse()
        return self.trim(run)

    def trim(self, run: list[int]) -> list[int]:
        """Drop determiners and connectors at the start of a run ("The", "of")."""
        while run and self.tokens[run[0]].low in _LEADING_WORDS:
            first = self.tokens[run[0]]
            if first.text == "The" and not first.sentence_start:
                break  # a capital "The" mid-sentence is part of the name: "at The Royal Oak"
            run = run[1:]
        return run

    def run_right(self, i: int) -> list[int]:
        """Indices of the capitalised words just after ``i`` ("y Deri" after "Maes")."""
        run: list[int] = []
        k = i + 1
        while k < len(self.tokens) and self.joined(k - 1, k):
            t = self.tokens[k]
            if self.tokens[k].sentence_start:
                break
            if t.low in cues.RUN_CONNECTORS:
                if (
                    k + 1 < len(self.tokens)
                    and self.joined(k, k + 1)
                    and self.run_member(k + 1, after_prefix=True)
                ):
                    run.append(k)
                    k += 1
                    continue
                break
            if not self.run_member(k, after_prefix=True):
                break
            run.append(k)
            if t.possessive:
                break
            k += 1
        return run

    def next_words(self, i: int, words: Sequence[str]) -> bool:
        """Tokens after ``i`` are ``words`` (lower case), separated by spaces only."""
        for offset, word in enumerate(words, start=1):
            j = i + offset
            if j >= len(self.tokens) or not self.joined(j - 1, j) or self.tokens[j].norm != word:
                return False
        return True

    def found_spans(self) -> list[Span]:
        """Every span found: whole structures, then each labelled word on its own."""
        spans = list(self.spans)
        for i, label in enumerate(self.labels):
            if label is not None and not self.blocked[i] and not self.in_structure[i]:
                t = self.tokens[i]
                spans.append(Span(t.start, t.name_end, label))
        return spans
