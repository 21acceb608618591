"""Words of a reflection with their offsets, and the few facts the rules ask of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word may hold inner apostrophes and hyphens: O'Brien, Jones-Evans, Dan-y-Graig, i'r.
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# What ends a sentence or clause, so the next word's capital tells us nothing.
_BOUNDARY = re.compile(r"[.!?:;…•\n]|\s[-–—]\s|^\s*[-–—*]\s")
_POSSESSIVE = ("'s", "’s")
# Endings cut before looking a word up: Welsh clitics (Mali'n, O'r) and English ones (I'm).
_CLITICS = ("'n", "'r", "'i", "'u", "'w", "'m", "'ll", "'d", "'ve", "'re")
_OPEN_QUOTES = "'\"‘“"
_CLOSE_QUOTES = "'\"’”"


@dataclass(slots=True)
class Token:
    """One word. ``core`` drops a possessive or clitic ending and is what we look up
    (``low`` is it lower-cased); ``name_end`` drops only a possessive, so a redacted span
    keeps "'s" outside but takes a Welsh clitic with the name ("Nghaffi'r")."""

    index: int
    start: int
    end: int
    text: str
    core_end: int
    name_end: int
    norm: str
    low: str
    sentence_start: bool
    quoted: bool

    @property
    def core(self) -> str:
        return self.text[: self.core_end - self.start]

    @property
    def possessive(self) -> bool:
        return self.name_end < self.end

    @property
    def capitalised(self) -> bool:
        """Starts with a capital and is not all capitals ("Tia", "O'Brien", not "MASH")."""
        return self.text[0].isupper() and not self.all_caps

    @property
    def all_caps(self) -> bool:
        core = self.core
        return core.isupper() and (len(core) > 1 or core.isalpha())

    @property
    def alphabetic(self) -> bool:
        return not any(ch.isdigit() or ch == "_" for ch in self.text)


def _core_end(text: str, start: int, end: int) -> int:
    lowered = text[start:end].lower()
    if lowered.endswith(_POSSESSIVE):
        return end - 2
    for ending in _CLITICS:
        if lowered.endswith(ending.replace("'", "’")) or lowered.endswith(ending):
            if end - len(ending) > start:
                return end - len(ending)
    return end


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words with their offsets and sentence-start flags."""
    tokens: list[Token] = []
    previous_end = 0
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        core_end = _core_end(text, start, end)
        gap = text[previous_end:start]
        sentence_start = not tokens or bool(_BOUNDARY.search(gap))
        before = text[start - 1] if start else ""
        after = text[core_end] if core_end < len(text) else ""
        after_word = text[end] if end < len(text) else ""
        quoted = before in _OPEN_QUOTES and (after in _CLOSE_QUOTES or after_word in _CLOSE_QUOTES)
        core = text[start:core_end]
        tokens.append(
            Token(
                index=len(tokens),
                start=start,
                end=end,
                text=word,
                core_end=core_end,
                name_end=end - 2 if word.lower().endswith(_POSSESSIVE) else end,
                norm=word.lower().replace("’", "'"),
                low=core.lower().replace("’", "'"),
                sentence_start=sentence_start,
                quoted=quoted,
            )
        )
        previous_end = end
    return tokens
