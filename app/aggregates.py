"""A session's thresholded figures, computed once from the store.

This is the one place where the k-threshold is applied to what a session holds: how many
people reflected on each card, the theme tags of the cards they reflected on, key phrases,
role groups (complementary suppression, "prefer not to say" left out) and the themes the
facilitator shaped (:mod:`app.theme_groups`). The live screens, the exports and retention
all read these figures instead of counting for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sqlmodel import Session

from app import store
from app.content.deck import Deck
from app.models import LiveSession, Reflection
from app.privacy.threshold import Thresholded, meets_threshold, threshold_groups
from app.roles import UNDISCLOSED
from app.room_themes import RoomTheme, RoomThemes, room_themes
from app.themes import Phrase, key_phrases, theme_tag_counts


@dataclass(frozen=True)
class ShownTheme:
    """A theme the room and the exports may see: past the k-threshold, not hidden."""

    ref: str
    label: str
    people: int
    quote: str | None  # one reflection of the theme the facilitator showed on screen
    quote_card: int | None = None
    quote_id: int | None = None


@dataclass
class SessionFigures:
    """Figures of one session; everything public here has passed the k-threshold."""

    db: Session = field(repr=False)
    live: LiveSession
    deck: Deck | None

    @cached_property
    def contributors(self) -> dict[int, set[str]]:
        """Card → distinct contributor ids (hidden reflections left out)."""
        return store.contributors_by_card(self.db, live=self.live)

    @cached_property
    def reflections(self) -> list[Reflection]:
        """Every reflection not hidden by the facilitator (redacted text)."""
        return store.reflections(self.db, live=self.live, include_hidden=False)

    @property
    def k(self) -> int:
        return self.live.k_threshold

    @cached_property
    def everyone(self) -> set[str]:
        return set().union(*self.contributors.values()) if self.contributors else set()

    @property
    def enough(self) -> bool:
        """Whether the session as a whole has at least k contributors."""
        return meets_threshold(self.everyone, self.k)

    def card_enough(self, number: int) -> bool:
        return meets_threshold(self.contributors.get(number, set()), self.k)

    @cached_property
    def card_counts(self) -> dict[int, int]:
        """Contributors per card, for cards with at least k of them."""
        return {
            number: len(people)
            for number, people in sorted(self.contributors.items())
            if meets_threshold(people, self.k)
        }

    @cached_property
    def theme_tags(self) -> list[tuple[str, int]]:
        """``(tag, people)`` for card theme tags (the deck's vocabulary), thresholded."""
        if self.deck is None:
            return []
        deck = self.deck
        card_themes = {n: c.themes for n in self.contributors if (c := deck.card_by_number(n))}
        return theme_tag_counts(self.contributors, card_themes, k=self.k)

    def key_phrases(self, *, top: int, card: int | None = None) -> list[Phrase]:
        """Key phrases of the whole session or of one card, each from ≥ k people."""
        entries = [
            (str(r.participant_id), r.text)
            for r in self.reflections
            if card is None or r.card_number == card
        ]
        return key_phrases(entries, self.live.lang, top=top, k=self.k)

    @cached_property
    def room_themes(self) -> RoomThemes:
        """The facilitator's version of the suggested themes (console: everything)."""
        return room_themes(self.db, self.live, self.reflections)

    @cached_property
    def shown_themes(self) -> list[ShownTheme]:
        """Themes for the room and the exports: not hidden, each from ≥ k people, with
        complementary suppression (one small theme never hides alone), largest first."""
        if not self.enough:
            return []
        return self._thresholded(self.room_themes.themes, card=None)

    def card_themes(self, number: int) -> list[ShownTheme]:
        """The themes of one card's reflections, counted and thresholded on that card."""
        if not self.card_enough(number):
            return []
        return self._thresholded(self.room_themes.themes, card=number)

    def _thresholded(self, themes: list[RoomTheme], card: int | None) -> list[ShownTheme]:
        members = {
            t.ref: [r for r in t.members if card is None or r.card_number == card]
            for t in themes
            if not t.hidden
        }
        people = {ref: {str(r.participant_id) for r in found} for ref, found in members.items()}
        result = threshold_groups({ref: who for ref, who in people.items() if who}, self.k)
        labels = {t.ref: t.label for t in themes}
        shown = []
        for ref, count in sorted(result.shown.items(), key=lambda i: (-i[1], labels[i[0]])):
            revealed = [r for r in members[ref] if r.revealed]
            latest = max(revealed, key=lambda r: (r.updated_at, r.id or 0)) if revealed else None
            shown.append(
                ShownTheme(
                    ref=ref,
                    label=labels[ref],
                    people=count,
                    quote=latest.text if latest else None,
                    quote_card=latest.card_number if latest else None,
                    quote_id=latest.id if latest else None,
                )
            )
        return shown

    def shown_refs(self) -> set[str]:
        return {t.ref for t in self.shown_themes}

    @cached_property
    def role_groups(self) -> Thresholded[str]:
        """Role groups with complementary suppression; "prefer not to say" is left out."""
        people = store.role_group_contributors(self.db, live=self.live)
        groups = {g: who for g, who in people.items() if g != UNDISCLOSED}
        return threshold_groups(groups, self.k)

    @property
    def role_groups_shown(self) -> list[tuple[str, int]]:
        """Shown role groups, largest first."""
        return sorted(self.role_groups.shown.items(), key=lambda item: (-item[1], item[0]))


def session_figures(db: Session, deck: Deck | None, live: LiveSession) -> SessionFigures:
    """The figures of one session; each part is read from the store when first asked for."""
    return SessionFigures(db=db, live=live, deck=deck)
