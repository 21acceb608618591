"""What each live screen shows, built from the store: the phone, the projector, the console.

Every aggregate passes the k-threshold here, before it can reach a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import segno
from sqlmodel import Session

from app import store
from app.charts import bar_chart_svg
from app.config import Settings
from app.content.cards import Card, CardText
from app.content.deck import Deck
from app.content.themes import THEMES
from app.i18n import translate
from app.models import LiveSession, Reflection
from app.privacy.threshold import meets_threshold, threshold_groups
from app.roles import ROLE_GROUPS, UNDISCLOSED
from app.themes import key_phrases, theme_tag_counts


@dataclass(frozen=True)
class Themes:
    enough: bool
    tags: list[tuple[str, int]] = field(default_factory=list)
    phrases: list[tuple[str, int]] = field(default_factory=list)
    chart_svg: str = ""
    chart_svg_large: str = ""  # the same chart for the projector: fewer units, bigger type

    @property
    def rows(self) -> list[tuple[str, int]]:
        return self.tags + self.phrases


@dataclass(frozen=True)
class Timer:
    remaining: int
    running: bool
    total: int

    @property
    def label(self) -> str:
        minutes, seconds = divmod(self.remaining, 60)
        return f"{minutes}:{seconds:02d}"


def session_base_url(settings: Settings, live: LiveSession) -> str:
    """The base URL phones use to join ``live``: kept when the session was created (older
    sessions: ``CYT_BASE_URL``). Never the Host of whoever is asking now."""
    return live.base_url or settings.base_url or "http://localhost/"


def join_url(base_url: str, code: str) -> str:
    return f"{base_url.rstrip('/')}/j/{code}"


def display_address(base_url: str) -> str:
    """``https://cyt.example.org/`` → ``cyt.example.org/join``: what people type."""
    host = base_url.split("://", 1)[-1].rstrip("/")
    return f"{host}/join"


def qr_svg(url: str) -> str:
    """An inline SVG QR code for the join URL (segno; no network, no images)."""
    qr = segno.make(url, error="m")
    svg: str = qr.svg_inline(scale=8, border=2, dark="#10151a", light="#ffffff", omitsize=True)
    return svg


def timer(live: LiveSession) -> Timer:
    return Timer(store.timer_remaining(live), store.timer_running(live), live.timer_seconds)


def current_card(deck: Deck, live: LiveSession) -> Card | None:
    number = store.current_card_number(live)
    return deck.card_by_number(number) if number is not None else None


def themes(db: Session, deck: Deck, live: LiveSession, lang: str) -> Themes:
    """Session themes: card theme tags and key phrases, each from ≥ k distinct people."""
    k = live.k_threshold
    by_card = store.contributors_by_card(db, live=live)
    everyone = set().union(*by_card.values()) if by_card else set()
    if not meets_threshold(everyone, k):
        return Themes(enough=False)
    card_themes = {
        number: card.themes for number in by_card if (card := deck.card_by_number(number))
    }
    tags = [
        (translate(lang, THEMES[tag]), count)
        for tag, count in theme_tag_counts(by_card, card_themes, k=k)
    ]
    entries = [
        (str(r.participant_id), r.text)
        for r in store.reflections(db, live=live, include_hidden=False)
    ]
    phrases = [(p.phrase, p.contributors) for p in key_phrases(entries, live.lang, top=8, k=k)]
    rows = tags + phrases
    if not rows:
        return Themes(enough=True, tags=tags, phrases=phrases)
    title = translate(lang, "Themes so far")
    desc = translate(lang, "How many people's reflections touched each theme.")
    return Themes(
        enough=True,
        tags=tags,
        phrases=phrases,
        chart_svg=bar_chart_svg(rows[:10], title=title, desc=desc),
        chart_svg_large=bar_chart_svg(rows[:4], title=title, desc=desc, width=340, label_size=22),
    )


def role_groups(db: Session, live: LiveSession, lang: str) -> tuple[list[tuple[str, int]], bool]:
    """(label, people) for role groups large enough to show; and whether any were hidden."""
    groups = {
        group: people
        for group, people in store.role_group_contributors(db, live=live).items()
        if group != UNDISCLOSED
    }
    result = threshold_groups(groups, live.k_threshold)
    shown = sorted(result.shown.items(), key=lambda item: (-item[1], item[0]))
    return [(translate(lang, ROLE_GROUPS[g]), n) for g, n in shown], bool(result.suppressed)


def revealed(db: Session, live: LiveSession, card: Card | None) -> list[Reflection]:
    if card is None:
        return []
    return store.reflections(db, live=live, card_number=card.number, revealed_only=True)


def card_text(card: Card | None, lang: str) -> CardText | None:
    return card.text(lang) if card is not None else None


def phone_context(deck: Deck, live: LiveSession, lang: str) -> dict[str, Any]:
    """What every phone shows: the current card, the step and the timer."""
    card = current_card(deck, live)
    return {"live": live, "card": card, "text": card_text(card, lang), "timer": timer(live)}


# Each live fragment is built from only the part it shows (a reflection arriving should
# not recompute the QR code or the themes three times); full pages combine the parts.


def stage_part(
    db: Session, deck: Deck, live: LiveSession, lang: str, base_url: str
) -> dict[str, Any]:
    """The projector's main area: lobby with join code and QR, or the current card."""
    url = join_url(base_url, live.code)
    return {
        **phone_context(deck, live, lang),
        "joined": store.participant_count(db, live=live),
        "join_url": url,
        "join_address": display_address(base_url),
        "qr_svg": qr_svg(url),
    }


def revealed_part(db: Session, deck: Deck, live: LiveSession) -> dict[str, Any]:
    return {"revealed": revealed(db, live, current_card(deck, live))}


def themes_part(db: Session, deck: Deck, live: LiveSession, lang: str) -> dict[str, Any]:
    return {"themes": themes(db, deck, live, lang)}


def state_part(db: Session, deck: Deck, live: LiveSession, lang: str) -> dict[str, Any]:
    """The console's card, step, timer and controls."""
    return {
        **phone_context(deck, live, lang),
        "joined": store.participant_count(db, live=live),
        "position": (live.current_index + 1, len(store.card_order(live))),
    }


def reflections_part(db: Session, deck: Deck, live: LiveSession) -> dict[str, Any]:
    card = current_card(deck, live)
    found = store.reflections(db, live=live, card_number=card.number) if card else []
    return {"card": card, "reflections": found}


def counts_part(db: Session, deck: Deck, live: LiveSession, lang: str) -> dict[str, Any]:
    cards = [deck.card_by_number(n) for n in store.card_order(live)]
    return {
        "live": live,
        "card": current_card(deck, live),
        "counts": store.reflection_counts(db, live=live),
        "session_cards": [c for c in cards if c is not None],
        "role_groups": role_groups(db, live, lang),
    }


def concerns_part(db: Session, live: LiveSession) -> dict[str, Any]:
    return {"concerns": store.concerns(db, live=live)}


def screen_context(
    db: Session, deck: Deck, live: LiveSession, lang: str, base_url: str
) -> dict[str, Any]:
    return {
        **stage_part(db, deck, live, lang, base_url),
        **revealed_part(db, deck, live),
        **themes_part(db, deck, live, lang),
    }


def console_context(db: Session, deck: Deck, live: LiveSession, lang: str) -> dict[str, Any]:
    return {
        **state_part(db, deck, live, lang),
        **reflections_part(db, deck, live),
        **counts_part(db, deck, live, lang),
        **concerns_part(db, live),
        **themes_part(db, deck, live, lang),
    }
