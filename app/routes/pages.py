"""The site's plain pages: home, how to use the cards, and the session plans."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse

from app.deps import DeckDep
from app.web import render

router = APIRouter(tags=["pages"], default_response_class=HTMLResponse)


@router.get("/")
def home(request: Request, deck: DeckDep) -> HTMLResponse:
    return render(request, "pages/home.html", {"card_count": len(deck.cards), "plans": deck.plans})


@router.get("/how-to")
def how_to(request: Request) -> HTMLResponse:
    return render(request, "pages/how_to.html")


@router.get("/accessibility")
def accessibility(request: Request) -> HTMLResponse:
    """The accessibility statement (public-sector style), in the page's language."""
    contact = request.app.state.settings.accessibility_contact
    return render(request, "pages/accessibility.html", {"contact": contact})


@router.get("/plans")
def plans(request: Request, deck: DeckDep) -> HTMLResponse:
    return render(request, "pages/plans.html", {"plans": deck.plans})


@router.get("/plans/{slug}")
def plan(request: Request, slug: str, deck: DeckDep) -> HTMLResponse:
    found = deck.plan(slug)
    if found is None:
        raise HTTPException(status_code=404)
    cards = [deck.card_by_number(item.number) for item in found.cards]
    return render(
        request,
        "pages/plan.html",
        {"plan": found, "plan_cards": list(zip(found.cards, cards, strict=True))},
    )


@router.get("/api/docs")
def api_docs(request: Request) -> HTMLResponse:
    """Swagger UI for the JSON API, from vendored files (no CDN, no inline script)."""
    return render(request, "pages/api_docs.html")
