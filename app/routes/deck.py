"""Browsing the deck: the grid with filters, one card, presentation mode, a random draw."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse

from app.content.cards import Card
from app.deps import DeckDep, LangDep
from app.web import is_htmx, render

router = APIRouter(tags=["deck"], default_response_class=HTMLResponse)
MAX_QUERY = 100


def _card_or_404(deck: DeckDep, slug: str) -> Card:
    card = deck.card(slug)
    if card is None:
        raise HTTPException(status_code=404)
    return card


@router.get("/cards")
def deck_page(
    request: Request, deck: DeckDep, lang: LangDep, theme: str = "", q: str = ""
) -> HTMLResponse:
    query = q.strip()[:MAX_QUERY]
    theme = theme if theme in deck.themes_in_use() else ""
    cards = deck.search(theme=theme, query=query, lang=lang)
    context = {"cards": cards, "theme": theme, "query": query, "themes": deck.themes_in_use()}
    template = "partials/_card_grid.html" if is_htmx(request) else "pages/deck.html"
    return render(request, template, context)


@router.get("/cards/random")
def random_card(deck: DeckDep, after: str = "") -> RedirectResponse:
    card = deck.random_card(exclude=after)
    return RedirectResponse(f"/cards/{card.slug}", status_code=303)


@router.get("/cards/{slug}")
def card_page(request: Request, slug: str, deck: DeckDep) -> HTMLResponse:
    card = _card_or_404(deck, slug)
    previous, following = deck.neighbours(card)
    return render(
        request, "pages/card.html", {"card": card, "previous": previous, "following": following}
    )


SIDES = ("front", "think", "questions")
Side = Literal["front", "think", "questions"]


def _present_url(card: Card | None, side: str) -> str | None:
    if card is None:
        return None
    return f"/cards/{card.slug}/present" + ("" if side == "front" else f"?side={side}")


@router.get("/cards/{slug}/present")
def present(request: Request, slug: str, deck: DeckDep, side: Side = "front") -> HTMLResponse:
    """Projector view. Each card shows in three steps (front, stop and think, questions)
    so no screen carries more than a short passage; forward and back walk the whole deck."""
    card = _card_or_404(deck, slug)
    previous, following = deck.neighbours(card)
    index = SIDES.index(side)
    forward = (
        _present_url(card, SIDES[index + 1])
        if index + 1 < len(SIDES)
        else _present_url(following, "front")
    )
    back = (
        _present_url(card, SIDES[index - 1]) if index > 0 else _present_url(previous, "questions")
    )
    return render(
        request,
        "pages/present.html",
        {"card": card, "side": side, "forward_url": forward, "back_url": back},
    )
