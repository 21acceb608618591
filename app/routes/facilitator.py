"""Facilitators: create a session, then run it from a secret console link."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import store
from app.deps import BrokerDep, DbDep, DeckDep, LangDep, LiveDep, SettingsDep, public_base_url
from app.exports.build import export_session
from app.i18n import translate
from app.live import actions
from app.live.fragments import FRAGMENTS, render_fragment
from app.live.stream import sse_response
from app.live.views import console_context, join_url
from app.models import LiveSession
from app.routes.forms import TITLE_MAX, FormErrors, store_message
from app.security import Csrf
from app.text import Id, parse_int
from app.web import is_htmx, render, render_string

router = APIRouter(tags=["facilitator"], default_response_class=HTMLResponse)
FACILITATOR_COOKIE = "cyt_facilitator"


def console_url(code: str, token: str) -> str:
    return f"/f/{code}/{token}"


def facilitated_session(found: LiveDep, token: str, db: DbDep) -> LiveSession:
    """The session, if ``token`` is its facilitator token (404 either way otherwise)."""
    live = store.facilitator_session(db, code=found.code, token=token)
    if live is None:
        raise HTTPException(status_code=404)
    return live


FacilitatedDep = Annotated[LiveSession, Depends(facilitated_session)]


def _new_form(
    request: Request,
    deck: DeckDep,
    settings: SettingsDep,
    values: dict[str, object],
    errors: FormErrors | None = None,
) -> HTMLResponse:
    return render(
        request,
        "pages/facilitate_new.html",
        {
            "cards": deck.cards,
            "plans": deck.plans,
            "values": values,
            "errors": errors or FormErrors(),
            "title_max": TITLE_MAX,
        },
        status_code=400 if errors else 200,
    )


@router.get("/facilitate/new")
def new_session_form(
    request: Request, deck: DeckDep, settings: SettingsDep, lang: LangDep, plan: str = ""
) -> HTMLResponse:
    values: dict[str, object] = {
        "title": "",
        "lang": lang,
        "plan": plan if deck.plan(plan) else "",
        "cards": [],
        "k": settings.k_threshold,
        "ask_role_group": True,
    }
    return _new_form(request, deck, settings, values)


@router.post("/facilitate/new", dependencies=[Csrf])
def create_session(
    request: Request,
    db: DbDep,
    deck: DeckDep,
    settings: SettingsDep,
    lang: LangDep,
    title: Annotated[str, Form()] = "",
    session_lang: Annotated[str, Form(alias="session_lang")] = "en",
    plan: Annotated[str, Form()] = "",
    cards: Annotated[list[str] | None, Form()] = None,
    k: Annotated[str, Form()] = "3",
    ask_role_group: Annotated[str, Form()] = "",
) -> HTMLResponse:
    errors = FormErrors()
    picked = [parse_int(c) for c in cards or []]
    chosen = [n for n in picked if n is not None and deck.card_by_number(n)]
    values: dict[str, object] = {
        "title": title[: TITLE_MAX * 2],
        "lang": session_lang if session_lang in ("en", "cy") else "en",
        "plan": plan,
        "cards": chosen,
        "k": k,
        "ask_role_group": bool(ask_role_group),
    }
    if not title.strip():
        errors.add("title", translate(lang, "Enter a title for the session."))
    elif len(title.strip()) > TITLE_MAX:
        errors.add(
            "title",
            translate(lang, "The title must be %(max)s characters or fewer.") % {"max": TITLE_MAX},
        )
    chosen_plan = deck.plan(plan) if plan else None
    if plan and chosen_plan is None:
        errors.add("plan", translate(lang, "Choose a session plan from the list."))
    numbers = list(chosen_plan.card_numbers) if chosen_plan else chosen
    if not numbers and "plan" not in errors.messages:
        errors.add("cards", store_message(lang, "no_cards"))
    k_value = parse_int(k) or 0
    if not 2 <= k_value <= 50:
        errors.add("k", translate(lang, "Enter a whole number from 2 to 50."))
    if errors:
        return _new_form(request, deck, settings, values, errors)
    base = public_base_url(request)
    live, token = store.create_session(
        db,
        title=title,
        lang=str(values["lang"]),
        card_numbers=numbers,
        plan_slug=chosen_plan.slug if chosen_plan else None,
        k_threshold=k_value,
        ask_role_group=bool(ask_role_group),
        base_url=base,
    )
    return render(
        request,
        "pages/facilitate_created.html",
        {
            "live": live,
            "console_link": base.rstrip("/") + console_url(live.code, token),
            "console_path": console_url(live.code, token),
            "join_url": join_url(base, live.code),
        },
        status_code=201,
        headers={"Cache-Control": "no-store"},
    )


@router.get("/f/{code}/{token}")
def console(
    request: Request,
    code: str,
    token: str,
    live: FacilitatedDep,
    db: DbDep,
    deck: DeckDep,
    lang: LangDep,
    settings: SettingsDep,
) -> HTMLResponse:
    context = console_context(db, deck, live, lang)
    context.update(token=token, base=console_url(live.code, token), view="console")
    response = render(request, "pages/console.html", context, headers={"Cache-Control": "no-store"})
    # Lets the projector screen, opened from this browser, take clicker keys.
    response.set_cookie(
        FACILITATOR_COOKIE,
        token,
        path=f"/s/{live.code}",
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
    )
    return response


def _after_action(
    request: Request, live: LiveSession, token: str, fragment: str, lang: str, error: str = ""
) -> Response:
    """The changed console fragment for htmx; a refusal comes with a 4xx and its reason.

    The reason goes out of band into ``#console-alert``, which live updates never replace,
    so it stays until the next action clears it.
    """
    if is_htmx(request):
        extra = {"base": console_url(live.code, token)}
        html = render_fragment(request.app, "console", fragment, live.code, lang, extra) or ""
        html += render_string(
            request.app.state.jinja, "partials/_console_alert.html", lang, {"error": error}
        )
        return HTMLResponse(
            html, status_code=400 if error else 200, headers={"Cache-Control": "no-store"}
        )
    return RedirectResponse(console_url(live.code, token), status_code=303)


@router.post("/f/{code}/{token}/action", dependencies=[Csrf])
def console_action(
    request: Request,
    token: str,
    live: FacilitatedDep,
    db: DbDep,
    broker: BrokerDep,
    lang: LangDep,
    action: Annotated[str, Form()],
    value: Annotated[str, Form()] = "",
) -> Response:
    try:
        live = actions.facilitate(db, broker, live=live, action=action, value=value)
    except store.StoreError as exc:  # the console shows the state and says why
        return _after_action(request, live, token, "state", lang, store_message(lang, exc.code))
    return _after_action(request, live, token, "state", lang)


@router.post("/f/{code}/{token}/reflections", dependencies=[Csrf])
def change_visibility(
    request: Request,
    token: str,
    live: FacilitatedDep,
    db: DbDep,
    broker: BrokerDep,
    lang: LangDep,
    op: Annotated[str, Form()],
    reflection_id: Annotated[Id | None, Form()] = None,
    card: Annotated[Id | None, Form()] = None,
) -> Response:
    changes = {
        "reveal": {"revealed": True},
        "unreveal": {"revealed": False},
        "hide": {"hidden": True},
        "unhide": {"hidden": False},
    }.get(op)
    if changes is None or (reflection_id is None and card is None):
        raise HTTPException(status_code=400)
    actions.reveal(db, broker, live=live, reflection_id=reflection_id, card_number=card, **changes)
    return _after_action(request, live, token, "reflections", lang)


@router.post("/f/{code}/{token}/concerns/{concern_id}", dependencies=[Csrf])
def acknowledge_concern(
    request: Request, token: str, concern_id: Id, live: FacilitatedDep, db: DbDep, lang: LangDep
) -> Response:
    store.acknowledge_concern(db, live=live, concern_id=concern_id)
    return _after_action(request, live, token, "concerns", lang)


@router.post("/f/{code}/{token}/delete", dependencies=[Csrf])
def delete_now(
    request: Request, token: str, live: FacilitatedDep, db: DbDep, broker: BrokerDep
) -> Response:
    """End the session and delete every reflection straight away."""
    if live.status != "ended":
        live = actions.facilitate(db, broker, live=live, action=actions.Action.END)
    store.delete_personal_data(db, live=live)
    actions.tell(broker, live.code, actions.REFLECTIONS)
    return RedirectResponse(console_url(live.code, token), status_code=303)


@router.get("/f/{code}/{token}/export")
@router.get("/f/{code}/{token}/export.{fmt}")
def export(
    request: Request,
    live: FacilitatedDep,
    db: DbDep,
    deck: DeckDep,
    lang: LangDep,
    fmt: str = "md",
    include: Literal["revealed", "all"] = "revealed",
    summary_lang: Literal["en", "cy"] | None = None,
) -> Response:
    """A summary of the session, made on demand and not kept on the server."""
    try:
        body, media_type, filename = export_session(
            db,
            deck,
            live,
            fmt=fmt,
            lang=summary_lang or live.lang,
            include=include,
            stylesheet_href=request.app.state.static_url("css/print-summary.css"),
        )
    except KeyError:
        raise HTTPException(status_code=404) from None
    disposition = "inline" if fmt == "html" else "attachment"
    return Response(
        body,
        media_type=media_type,
        headers={
            "Content-Disposition": f'{disposition}; filename="{filename}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/f/{code}/{token}/events")
def console_events(request: Request, token: str, live: FacilitatedDep, lang: LangDep) -> Response:
    return sse_response(
        request,
        code=live.code,
        view="console",
        lang=lang,
        extra={"base": console_url(live.code, token)},
    )


@router.get("/f/{code}/{token}/fragment/{name}")
def console_fragment(
    request: Request, token: str, name: str, live: FacilitatedDep, lang: LangDep
) -> Response:
    if name not in FRAGMENTS["console"]:
        raise HTTPException(status_code=404)
    extra = {"base": console_url(live.code, token)}
    html = render_fragment(request.app, "console", name, live.code, lang, extra) or ""
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})
