"""Solo reflection: draw or pick a card, reflect privately, keep a journal on the device.

The server renders the pages and previews redaction; it never receives or stores a journal
entry (``static/js/solo.js`` keeps the journal in the browser's storage). The service
worker and the web app manifest that make solo mode work offline are served here too
(``app/offline.py`` plans what they cache); guided paths live in ``app/content/paths.py``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from app import i18n
from app.content.deck import Deck
from app.content.paths import PATH_BY_SLUG, GuidedPath, paths_with_cards
from app.deps import DeckDep, LangDep, SettingsDep
from app.limits import REDACT_MAX
from app.offline import MANIFEST_TEXT, OfflinePlan
from app.web import render

router = APIRouter(tags=["solo"])

# For each language, one count that selects each plural form of the catalogue, in form
# order (cy: nplurals=5; n==1 → 1, n==2 → 2, n==3 → 3, n==6 → 4, else 0). solo.js mirrors
# the rule to pick a form for counts it only knows on the device.
PLURAL_SAMPLES: dict[str, tuple[int, ...]] = {"en": (1, 2), "cy": (0, 1, 2, 3, 6)}


def _page(request: Request, template: str, context: dict[str, Any]) -> HTMLResponse:
    lang = str(getattr(request.state, "lang", "en"))
    shared = {"plural_samples": PLURAL_SAMPLES[lang], "max_chars": REDACT_MAX}
    return render(request, template, {**shared, **context})


@router.get("/solo", response_class=HTMLResponse)
def solo(
    request: Request, deck: DeckDep, card: str = "", theme: str = "", path: str = ""
) -> HTMLResponse:
    """The start page; ``?theme=`` lists a theme's cards, ``?path=`` a guided path and
    ``?card=`` opens one card with the reflection form (``&path=`` keeps the path's place)."""
    guided = PATH_BY_SLUG.get(path)
    if card:
        return _card_page(request, deck, card, guided)
    if path:
        return _path_page(request, deck, guided)
    themes = deck.themes_in_use()
    theme = theme if theme in themes else ""
    context = {
        "themes": themes,
        "theme": theme,
        "theme_cards": deck.search(theme=theme) if theme else [],
        "paths": paths_with_cards(deck),
        "slugs": [c.slug for c in deck.cards],
    }
    return _page(request, "pages/solo.html", context)


def _card_page(request: Request, deck: Deck, slug: str, guided: GuidedPath | None) -> HTMLResponse:
    card = deck.card(slug)
    if card is None:
        raise HTTPException(status_code=404)
    on_path = guided.cards(deck) if guided else []
    if card not in on_path:  # a stale or edited link: show the card on its own
        guided, on_path = None, []
    position = on_path.index(card) + 1 if guided else 0
    context = {
        "card": card,
        "guided": guided,
        "position": position,
        "path_length": len(on_path),
        "following": on_path[position] if 0 < position < len(on_path) else None,
        "slugs": [c.slug for c in deck.cards],
    }
    return _page(request, "pages/solo_card.html", context)


def _path_page(request: Request, deck: Deck, guided: GuidedPath | None) -> HTMLResponse:
    cards = guided.cards(deck) if guided else []
    if guided is None or not cards:
        raise HTTPException(status_code=404)
    return _page(request, "pages/solo_path.html", {"guided": guided, "cards": cards})


@router.get("/solo/draw")
def draw(deck: DeckDep, after: str = "") -> RedirectResponse:
    """A random card (solo.js draws on the device; this is the no-JavaScript route)."""
    card = deck.random_card(exclude=after)
    return RedirectResponse(f"/solo?card={card.slug}", status_code=303)


@router.get("/solo/journal", response_class=HTMLResponse)
def journal(request: Request, deck: DeckDep, lang: LangDep) -> HTMLResponse:
    """The journal page: empty on the server; solo.js fills it from the device."""
    titles = {card.slug: card.text(lang).title for card in deck.cards}
    return _page(request, "pages/solo_journal.html", {"titles": titles})


# Offline: the service worker and the manifest.


@router.get("/sw.js", include_in_schema=False)
def service_worker(request: Request) -> Response:
    """The service worker, served from the root so its scope covers the whole site."""
    plan: OfflinePlan | None = getattr(request.app.state, "offline_plan", None)
    if plan is None:
        plan = request.app.state.offline_plan = OfflinePlan(request)
    return Response(
        plan.script(),
        media_type="text/javascript",
        headers={"Service-Worker-Allowed": "/", "Cache-Control": "no-cache"},
    )


@router.get("/manifest.webmanifest", include_in_schema=False)
def manifest(request: Request, lang: LangDep, settings: SettingsDep) -> Response:
    """``static/manifest.webmanifest`` in the request's language, with versioned icons."""
    data = json.loads((settings.static_dir / "manifest.webmanifest").read_text(encoding="utf-8"))
    data.update({key: i18n.translate(lang, text) for key, text in MANIFEST_TEXT.items()})
    data["lang"] = lang
    static = request.app.state.static_url
    for icon in data.get("icons", []):
        icon["src"] = static(icon["src"].removeprefix("/static/"))
    return JSONResponse(
        data, media_type="application/manifest+json", headers={"Cache-Control": "no-cache"}
    )
