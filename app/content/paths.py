"""Guided solo paths: a short run of cards on one subject, for a practitioner alone.

A path names theme tags, not cards, so a new card with a matching tag joins it by itself.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.content.cards import Card
from app.content.deck import Deck
from app.i18n import _

PATH_SIZE = 5


@dataclass(frozen=True)
class GuidedPath:
    """A short run of cards on one subject, chosen by theme tag so new cards join in."""

    slug: str
    title: str
    description: str
    themes: tuple[str, ...]  # cards with the first theme come first; later themes fill up

    def cards(self, deck: Deck) -> list[Card]:
        chosen: list[Card] = []
        for theme in self.themes:
            chosen += [card for card in deck.search(theme=theme) if card not in chosen]
        return chosen[:PATH_SIZE]


PATHS: tuple[GuidedPath, ...] = (
    GuidedPath(
        "placement-stability",
        _("Placement stability"),
        _("Moves, belonging, and the relationships that keep a young person steady."),
        ("placement-stability", "transitions", "relationships"),
    ),
    GuidedPath(
        "risk-and-missing",
        _("Risk, behaviour and going missing"),
        _("Looking past behaviour to what is happening to a young person, and why."),
        ("behaviour-and-risk", "missing", "exchange"),
    ),
    GuidedPath(
        "words-and-voice",
        _("Our words and their voices"),
        _("How the words we write shape decisions, and whose voice is heard."),
        ("language", "voice", "our-practice"),
    ),
)


PATH_BY_SLUG = {path.slug: path for path in PATHS}


def paths_with_cards(deck: Deck) -> list[tuple[GuidedPath, list[Card]]]:
    return [(path, cards) for path in PATHS if (cards := path.cards(deck))]
