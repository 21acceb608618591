"""The projector screen and the presenter's clicker (live streams: ``routes/live.py``)."""

from __future__ import annotations

import contextlib
from typing import Annotated

from fastapi import APIRouter, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from app import store
from app.deps import BrokerDep, DbDep, DeckDep, LiveDep, SettingsDep
from app.live import actions
from app.live.views import screen_context, session_base_url
from app.routes.facilitator import FACILITATOR_COOKIE
from app.security import Csrf
from app.web import render

router = APIRouter(tags=["projector"], default_response_class=HTMLResponse)


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
