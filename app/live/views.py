"""What each live screen shows, built from the store: the phone, the projector, the console.

Every aggregate passes the k-threshold here, before it can reach a template.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import segno
from sqlmodel import Session

from app import evidence, store
from app.aggregates import ShownTheme, session_figures
from app.content.cards import Card, CardText
from app.content.deck import Deck
from app.content.plans import Plan, PlanStep
from app.i18n import translate
from app.models import LiveSession, Reflection, utcnow
from app.privacy.threshold import meets_threshold
from app.roles import ROLE_GROUPS


@dataclass(frozen=True)
class Themes:
    """What the room sees of the themes: the top few past the k-threshold."""

    enough: bool
    shown: list[ShownTheme] = field(default_factory=list)


SCREEN_THEMES = 4  # a projector has room for a few, read from the back of the room


@dataclass(frozen=True)
class Timer:
    remaining: int
    running: bool
    total: int

    @property
    def label(self) -> str:
        minutes, seconds = divmod(self.remaining, 60)
        return f"{minutes}:{seconds:02d}"


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
    """The facilitator's themes as the room sees them: each from ≥ k distinct people."""
    figures = session_figures(db, deck, live)
    if not figures.enough:
        return Themes(enough=False)
    return Themes(enough=True, shown=figures.shown_themes)


def console_themes(db: Session, deck: Deck, live: LiveSession) -> dict[str, Any]:
    """Every theme for the facilitator to shape, and which of them the room can see."""
    figures = session_figures(db, deck, live)
    found = figures.room_themes
    return {
        "room_themes": found,
        "enough": figures.enough,
        "on_screen": {t.ref for t in figures.shown_themes[:SCREEN_THEMES]},
        "shown_refs": figures.shown_refs(),
        "k": live.k_threshold,
        "most_people": max((t.people for t in found.themes), default=0),
    }


def role_groups(db: Session, live: LiveSession, lang: str) -> tuple[list[tuple[str, int]], bool]:
    """(label, people) for role groups large enough to show; and whether any were hidden."""
    figures = session_figures(db, None, live)
    shown = [(translate(lang, ROLE_GROUPS[g]), n) for g, n in figures.role_groups_shown]
    return shown, bool(figures.role_groups.suppressed)


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
    """Reflections shown on screen, less those already quoted under a theme beside them."""
    found = revealed(db, live, current_card(deck, live))
    if found:
        figures = session_figures(db, deck, live)
        # The first three themes always show (a fourth only when no quotes stand above).
        quoted = {t.quote_id for t in figures.shown_themes[: SCREEN_THEMES - 1]}
        found = [r for r in found if r.id not in quoted]
    return {"revealed": found}


def themes_part(db: Session, deck: Deck, live: LiveSession, lang: str) -> dict[str, Any]:
    return {"themes": themes(db, deck, live, lang), "screen_themes": SCREEN_THEMES}


def console_themes_part(db: Session, deck: Deck, live: LiveSession) -> dict[str, Any]:
    return console_themes(db, deck, live)


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
    people = store.contributors_by_card(db, live=live).get(card.number, set()) if card else set()
    return {
        "live": live,
        "card": card,
        "reflections": found,
        # A quote can be on screen yet left out of the summary: the export keeps a card's
        # reflections only once k people wrote on it. The console says so beside it.
        "card_contributors": len(people),
        "in_summary": meets_threshold(people, live.k_threshold),
    }


def counts_part(db: Session, deck: Deck, live: LiveSession, lang: str) -> dict[str, Any]:
    cards = [deck.card_by_number(n) for n in store.card_order(live)]
    return {
        "live": live,
        "card": current_card(deck, live),
        "counts": store.reflection_counts(db, live=live),
        "session_cards": [c for c in cards if c is not None],
        "role_groups": role_groups(db, live, lang),
    }


@dataclass(frozen=True)
class PresenterNotes:
    """What the console tells the facilitator about the current card and the time.

    From a plan: its steps, the step the clock suggests, planned minutes per card, and
    its facilitator notes. Hand-picked cards: the card's own prompts and questions.
    """

    plan: Plan | None
    card: Card | None
    text: CardText | None
    next_card: Card | None
    position: tuple[int, int]
    steps: tuple[PlanStep, ...] = ()
    suggested: int | None = None  # index into steps
    card_minutes: int | None = None  # planned for the current card
    next_minutes: int | None = None
    planned_to_here: int | None = None  # planned minutes up to the end of this card
    plan_minutes: int | None = None  # the whole plan, breaks and opening included
    used_minutes: int = 0  # since the first card was dealt
    card_used_minutes: int = 0
    started_at: datetime | None = None
    card_started_at: datetime | None = None
    notes_html: str = ""

    @property
    def over_time(self) -> bool:
        return self.planned_to_here is not None and self.used_minutes > self.planned_to_here


def _aware(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _minutes_since(moment: datetime | None, now: datetime) -> int:
    return max(0, int((now - moment).total_seconds() // 60)) if moment else 0


def suggested_step(steps: tuple[PlanStep, ...], minutes_on_card: int) -> int | None:
    """The step a plan's timings suggest after ``minutes_on_card`` on this card."""
    elapsed = 0
    for index, step in enumerate(steps):
        elapsed += step.minutes
        if minutes_on_card < elapsed:
            return index
    return len(steps) - 1 if steps else None


def notes_part(
    deck: Deck, live: LiveSession, lang: str, now: datetime | None = None
) -> dict[str, Any]:
    """Presenter notes for the console (see :class:`PresenterNotes`)."""
    now = now or utcnow()
    order = store.card_order(live)
    index = live.current_index
    card = current_card(deck, live)
    following = order[index + 1] if 0 <= index + 1 < len(order) else None
    plan = deck.plan(live.plan_slug) if live.plan_slug else None
    started, card_started = _aware(live.started_at), _aware(live.card_started_at)
    card_used = _minutes_since(card_started, now)
    notes = PresenterNotes(
        plan=plan,
        card=card,
        text=card_text(card, lang),
        next_card=deck.card_by_number(following) if following is not None else None,
        position=(index + 1, len(order)),
        used_minutes=_minutes_since(started, now),
        card_used_minutes=card_used,
        started_at=started,
        card_started_at=card_started,
    )
    if plan is not None:
        plan_text = plan.text(lang)
        steps = plan_text.steps
        notes = PresenterNotes(
            **{
                **notes.__dict__,
                "steps": steps,
                "suggested": suggested_step(steps, card_used) if card else None,
                "card_minutes": plan.minutes_for(index),
                "next_minutes": plan.minutes_for(index + 1),
                "planned_to_here": sum(c.minutes for c in plan.cards[: index + 1]) or None,
                "plan_minutes": plan.minutes,
                "notes_html": plan_text.notes_html,
            }
        )
    return {"live": live, "notes": notes}


def concerns_part(db: Session, live: LiveSession) -> dict[str, Any]:
    return {"live": live, "concerns": store.concerns(db, live=live)}


def screen_context(
    db: Session, deck: Deck, live: LiveSession, lang: str, base_url: str
) -> dict[str, Any]:
    return {
        **stage_part(db, deck, live, lang, base_url),
        **revealed_part(db, deck, live),
        **themes_part(db, deck, live, lang),
        **evidence.room_part(db, live, lang, large=True),
    }


def console_context(db: Session, deck: Deck, live: LiveSession, lang: str) -> dict[str, Any]:
    return {
        **state_part(db, deck, live, lang),
        **reflections_part(db, deck, live),
        **counts_part(db, deck, live, lang),
        **concerns_part(db, live),
        **console_themes_part(db, deck, live),
        **evidence.room_part(db, live, lang),
        **notes_part(deck, live, lang),
    }
