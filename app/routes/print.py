"""Printable things: the whole deck as a PDF, A6 cards or four to an A4 sheet."""

from __future__ import annotations

import threading
from typing import Literal

from fastapi import APIRouter, Request
from fastapi.responses import Response

from app.deps import DeckDep, LangDep

router = APIRouter(tags=["print"])
_lock = threading.Lock()


def _cached_deck_pdf(request: Request, deck: DeckDep, lang: str, layout: str) -> bytes:
    """Build each (language, layout) once per app: the cards only change on restart."""
    key = (lang, layout)
    # One lock: two first requests at once should not both spend a second rendering.
    with _lock:
        cache: dict[tuple[str, str], bytes] | None = getattr(
            request.app.state, "deck_pdf_cache", None
        )
        if cache is None:
            cache = request.app.state.deck_pdf_cache = {}
        if key not in cache:
            # WeasyPrint is imported on first use: it costs ~45 MB a worker otherwise.
            from app.exports.deck_pdf import deck_pdf

            cache[key] = deck_pdf(deck, lang, "a4" if layout == "a4" else "a6")
        return cache[key]


@router.get(
    "/deck.pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The deck as PDF"}},
)
def deck_pdf_download(
    request: Request, deck: DeckDep, lang: LangDep, layout: Literal["a6", "a4"] = "a6"
) -> Response:
    """The printable deck in the chosen language (``?lang=``) and layout (``?layout=``)."""
    body = _cached_deck_pdf(request, deck, lang, layout)
    filename = f"check-your-thinking-cards-{lang}-{layout}.pdf"
    return Response(
        body,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            "Cache-Control": "public, max-age=3600",
            "Vary": "Cookie, Accept-Language",
        },
    )
