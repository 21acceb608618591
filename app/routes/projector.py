"""The projector screen and the live streams for screens and phones."""

from __future__ import annotations

import contextlib
from typing import Annotated, Literal

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from app import store
from app.deps import BrokerDep, DbDep, DeckDep, LangDep, LiveDep, SettingsDep
from app.live import actions
from app.live.fragments import FRAGMENTS, render_fragment
from app.live.stream import sse_response
from app.live.views import screen_context, session_base_url
from app.routes.facilitator import FACILITATOR_COOKIE
from app.security import Csrf
from app.web import render

router = APIRouter(tags=["projector"], default_response_class=HTMLResponse)
View = Literal["phone", "screen"]


@router.get("/s/{code}/screen")
def screen(
    request: Request, live: LiveDep, db: DbDep, deck: DeckDep, settings: SettingsDep
) -> HTMLResponse:
    """The room's screen, in the session's language (not the browser's): no switch."""
    controller = store.facilitator_session(
        db, code=live.code, token=request.cookies.get(FACILITATOR_COOKIE, "")
    )
    langs = live.languages
    context = screen_context(db, deck, live, langs[0], session_base_url(settings, live))
    context.update(can_control=controller is not None, view="screen", langs=langs)
    return render(request, "pages/projector.html", context, lang=langs[0])


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


@router.post("/s/{code}/control", dependencies=[Csrf])
def control(
    request: Request,
    live: LiveDep,
    db: DbDep,
    broker: BrokerDep,
    action: Annotated[str, Form()],
) -> Response:
    """Clicker keys on the projector (only for the facilitator's own browser)."""
    controlled = store.facilitator_session(
        db, code=live.code, token=request.cookies.get(FACILITATOR_COOKIE, "")
    )
    if controlled is None:
        raise HTTPException(status_code=403)
    try:
        chosen = actions.parse_action(action)
    except store.StoreError:
        raise HTTPException(status_code=400) from None
    if chosen not in actions.CLICKER_ACTIONS:
        raise HTTPException(status_code=400)
    with contextlib.suppress(store.StoreError):
        actions.facilitate(db, broker, live=controlled, action=chosen)
    return Response(status_code=204)
