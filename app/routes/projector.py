"""The projector screen and the live streams for screens and phones."""

from __future__ import annotations

import contextlib
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from app import store
from app.deps import BrokerDep, DbDep, DeckDep, LangDep
from app.live import actions
from app.live.fragments import FRAGMENTS, render_fragment
from app.live.stream import sse_response
from app.live.views import screen_context
from app.routes.facilitator import FACILITATOR_COOKIE
from app.security import verify_csrf
from app.web import render

router = APIRouter(tags=["projector"], default_response_class=HTMLResponse)
View = Literal["phone", "screen"]


@router.get("/s/{code}/screen")
def screen(request: Request, code: str, db: DbDep, deck: DeckDep) -> HTMLResponse:
    """The room's screen, in the session's language (not the browser's): no switch."""
    live = store.session_by_code(db, code=code)
    if live is None:
        raise HTTPException(status_code=404)
    controller = store.facilitator_session(
        db, code=code, token=request.cookies.get(FACILITATOR_COOKIE, "")
    )
    langs = live.languages
    context = screen_context(
        db, deck, live, langs[0], request.app.state.base_url or str(request.base_url)
    )
    context.update(can_control=controller is not None, view="screen", langs=langs)
    return render(request, "pages/screen.html", context, lang=langs[0])


@router.get("/s/{code}/events")
def events(request: Request, code: str, db: DbDep, lang: LangDep, view: View = "phone") -> Response:
    live = store.session_by_code(db, code=code)
    if live is None:
        raise HTTPException(status_code=404)
    return sse_response(
        request.app,
        code=live.code,
        view=view,
        lang=lang,
        last_event_id=request.headers.get("last-event-id"),
        extra={"public_url": str(request.base_url)},
    )


@router.get("/s/{code}/fragment/{name}")
def fragment(
    request: Request, code: str, name: str, lang: LangDep, view: View = "phone"
) -> Response:
    """The polling fallback for networks that block Server-Sent Events."""
    if name not in FRAGMENTS[view]:
        raise HTTPException(status_code=404)
    html = render_fragment(
        request.app,
        view,
        name,
        store.normalise_code(code),
        lang,
        {"public_url": str(request.base_url)},
    )
    if html is None:
        raise HTTPException(status_code=404)
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


@router.post("/s/{code}/control", dependencies=[Depends(verify_csrf)])
def control(
    request: Request,
    code: str,
    db: DbDep,
    broker: BrokerDep,
    action: Annotated[str, Form()],
) -> Response:
    """Clicker keys on the projector (only for the facilitator's own browser)."""
    live = store.facilitator_session(
        db, code=code, token=request.cookies.get(FACILITATOR_COOKIE, "")
    )
    if live is None:
        raise HTTPException(status_code=403)
    if action not in ("forward", "back", "next", "previous", "flip", "blank"):
        raise HTTPException(status_code=400)
    with contextlib.suppress(store.StoreError):
        actions.facilitate(db, broker, live=live, action=action)
    return Response(status_code=204)
