"""The live streams that phones and the projector listen to, and their polling fallback.

(The facilitator's console has its own, behind the console cookie: ``routes/facilitator.py``.)
"""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from app.deps import LangDep, LiveDep
from app.live.fragments import FRAGMENTS, render_fragment
from app.live.stream import sse_response

router = APIRouter(tags=["live"], default_response_class=HTMLResponse)
View = Literal["phone", "screen"]


@router.get("/s/{code}/events")
def events(request: Request, live: LiveDep, lang: LangDep, view: View = "phone") -> Response:
    return sse_response(request, code=live.code, view=view, lang=lang)


@router.get("/s/{code}/fragment/{name}")
def fragment(
    request: Request, live: LiveDep, name: str, lang: LangDep, view: View = "phone"
) -> Response:
    """The polling fallback for networks that block Server-Sent Events."""
    if name not in FRAGMENTS[view]:
        raise HTTPException(status_code=404)
    html = render_fragment(request.app, view, name, live.code, lang)
    if html is None:
        raise HTTPException(status_code=404)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})
