"""Words of a reflection with their offsets, and the few facts the rules ask of them."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A word may hold inner apostrophes and hyphens: O'Brien, Jones-Evans, Dan-y-Graig, i'r.
_WORD = re.compile(r"\w+(?:['’\-]\w+)*")
# What ends a sentence or clause, so the next word's capital tells us nothing.
_BOUNDARY = re.compile(r"[.!?:;…•\n]|\s[-–—]\s|^\s*[-–—*]\s")
_DIGIT_OR_UNDERSCORE = re.compile(r"[\d_]")
# Endings cut before looking a word up: Welsh clitics (Mali'n, O'r) and English ones (I'm).
_CLITICS = ("'n", "'r", "'i", "'u", "'w", "'m", "'ll", "'d", "'ve", "'re")
_OPEN_QUOTES = "'\"‘“"
_CLOSE_QUOTES = "'\"’”"


@dataclass(slots=True, frozen=True)
class Token:
    """One word, with the facts the rules ask of it worked out once.

    ``core`` drops a possessive or clitic ending and is what we look up (``low`` is it
    lower-cased, ``norm`` the whole word lower-cased); ``name_end`` drops only a
    possessive, so a redacted span keeps "'s" outside but takes a Welsh clitic with the
    name ("Nghaffi'r").
    """

    index: int
    start: int
    end: int
    text: str
    core: str
    core_end: int
    name_end: int
    norm: str
    low: str
    sentence_start: bool
    quoted: bool
    possessive: bool
    all_caps: bool  # "MASH", "JB", "K"
    capitalised: bool  # starts with a capital and is not all capitals: "Tia", "O'Brien"
    alphabetic: bool  # no digits or underscores


def _core_length(norm: str) -> int:
    """Length of the part of a word we look up: without a possessive or clitic ending."""
    if "'" not in norm:
        return len(norm)
    if norm.endswith("'s"):
        return len(norm) - 2
    for ending in _CLITICS:
        if norm.endswith(ending) and len(norm) > len(ending):
            return len(norm) - len(ending)
    return len(norm)


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into words with their offsets and sentence-start flags."""
    tokens: list[Token] = []
    previous_end = 0
    length = len(text)
    for match in _WORD.finditer(text):
        start, end = match.span()
        word = match.group()
        norm = word.lower().replace("’", "'")
        core_length = _core_length(norm)
        core = word[:core_length]
        possessive = norm.endswith("'s")
        gap = text[previous_end:start]
        sentence_start = not tokens or (gap != " " and bool(_BOUNDARY.search(gap)))
        before = text[start - 1] if start else ""
        after_core = text[start + core_length] if start + core_length < length else ""
        after_word = text[end] if end < length else ""
        quoted = before in _OPEN_QUOTES and (
            after_core in _CLOSE_QUOTES or after_word in _CLOSE_QUOTES
        )
        all_caps = core.isupper() and (core_length > 1 or core.isalpha())
        tokens.append(
            Token(
                index=len(tokens),
                start=start,
                end=end,
                text=word,
                core=core,
                core_end=start + core_length,
                name_end=end - 2 if possessive else end,
                norm=norm,
                low=norm[:core_length],
                sentence_start=sentence_start,
                quoted=quoted,
                possessive=possessive,
                all_caps=all_caps,
                capitalised=word[0].isupper() and not all_caps,
                alphabetic=_DIGIT_OR_UNDERSCORE.search(word) is None,
            )
        )
        previous_end = end
    return tokens
