"""The loaded deck: every card and plan, validated, with look-ups for the pages."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from app.content.cards import Card, card_numbers_on_disk, load_cards
from app.content.frontmatter import ContentError
from app.content.plans import Plan, load_plans


class ContentInvalid(Exception):
    """Raised at start-up when cards or plans do not pass the checks."""

    def __init__(self, errors: list[ContentError]) -> None:
        self.errors = errors
        super().__init__("\n".join(str(error) for error in errors))


@dataclass(frozen=True)
class Deck:
    cards: tuple[Card, ...]
    plans: tuple[Plan, ...]
    errors: tuple[ContentError, ...] = ()
    _by_slug: dict[str, Card] = field(default_factory=dict, compare=False, repr=False)
    _by_number: dict[int, Card] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._by_slug.update({card.slug: card for card in self.cards})
        self._by_number.update({card.number: card for card in self.cards})

    def card(self, slug: str) -> Card | None:
        return self._by_slug.get(slug)

    def card_by_number(self, number: int) -> Card | None:
        return self._by_number.get(number)

    def plan(self, slug: str) -> Plan | None:
        return next((plan for plan in self.plans if plan.slug == slug), None)

    def themes_in_use(self) -> list[str]:
        seen: dict[str, None] = {}
        for card in self.cards:
            seen.update(dict.fromkeys(card.themes))
        return list(seen)

    def search(self, *, theme: str = "", query: str = "", lang: str = "en") -> list[Card]:
        return [
            card
            for card in self.cards
            if (not theme or theme in card.themes) and (not query or card.matches(query, lang))
        ]

    def neighbours(self, card: Card) -> tuple[Card | None, Card | None]:
        index = self.cards.index(card)
        previous = self.cards[index - 1] if index > 0 else None
        following = self.cards[index + 1] if index + 1 < len(self.cards) else None
        return previous, following

    def random_card(self, rng: random.Random | None = None, exclude: str = "") -> Card:
        choices = [card for card in self.cards if card.slug != exclude] or list(self.cards)
        return (rng or random).choice(choices)


def load_deck(cards_dir: Path, sessions_dir: Path, static_dir: Path, root: Path) -> Deck:
    """Load everything; the returned deck carries every error found (empty when valid)."""
    cards, card_errors = load_cards(cards_dir, static_dir, root)
    plans, plan_errors = load_plans(sessions_dir, card_numbers_on_disk(cards_dir), root)
    return Deck(tuple(cards), tuple(plans), tuple(card_errors + plan_errors))
