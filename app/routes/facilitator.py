"""Facilitators: create a session, then run it from a secret console link."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import room_themes, store
from app.content.statements import MAX_CHOSEN, statements
from app.deps import BrokerDep, DbDep, DeckDep, LangDep, SettingsDep
from app.exports.build import export_session
from app.i18n import _, translate
from app.live import actions
from app.live.fragments import FRAGMENTS, render_fragment
from app.live.stream import sse_response
from app.live.views import console_context, join_url
from app.models import LiveSession
from app.routes.forms import TITLE_MAX, FormErrors, store_message
from app.security import verify_csrf
from app.web import is_htmx, render, render_string

router = APIRouter(tags=["facilitator"], default_response_class=HTMLResponse)
FACILITATOR_COOKIE = "cyt_facilitator"


def console_url(code: str, token: str) -> str:
    return f"/f/{code}/{token}"


def facilitated_session(code: str, token: str, db: DbDep) -> LiveSession:
    live = store.facilitator_session(db, code=code, token=token)
    if live is None:
        raise HTTPException(status_code=404)
    return live


FacilitatedDep = Annotated[LiveSession, Depends(facilitated_session)]
Csrf = Depends(verify_csrf)


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
            "check_statements": list(statements().values()),
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
        "check": [],
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
    check: Annotated[list[str] | None, Form()] = None,
) -> HTMLResponse:
    errors = FormErrors()
    checks = [c for c in dict.fromkeys(check or []) if c in statements()]
    chosen = [int(c) for c in cards or [] if c.isdigit() and deck.card_by_number(int(c))]
    values: dict[str, object] = {
        "title": title[: TITLE_MAX * 2],
        "lang": session_lang if session_lang in ("en", "cy") else "en",
        "plan": plan,
        "cards": chosen,
        "k": k,
        "ask_role_group": bool(ask_role_group),
        "check": checks,
    }
    if len(checks) > MAX_CHOSEN:
        errors.add("check", store_message(lang, "bad_statements"))
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
    k_value = int(k) if k.strip().isdigit() else 0
    if not 2 <= k_value <= 50:
        errors.add("k", translate(lang, "Enter a whole number from 2 to 50."))
    if errors:
        return _new_form(request, deck, settings, values, errors)
    live, token = store.create_session(
        db,
        title=title,
        lang=str(values["lang"]),
        card_numbers=numbers,
        plan_slug=chosen_plan.slug if chosen_plan else None,
        k_threshold=k_value,
        ask_role_group=bool(ask_role_group),
        check_statements=checks,
    )
    base = request.app.state.base_url or str(request.base_url)
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
        secure=request.app.state.settings.secure_cookies,
    )
    return response


def _after_action(
    request: Request, live: LiveSession, token: str, fragment: str, error: str = ""
) -> Response:
    """The changed console fragment for htmx; a refusal comes with a 4xx and its reason.

    The reason goes out of band into ``#console-alert``, which live updates never replace,
    so it stays until the next action clears it.
    """
    if is_htmx(request):
        lang = getattr(request.state, "lang", "en")
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
    action: Annotated[str, Form()],
    lang: LangDep,
    value: Annotated[str, Form()] = "",
) -> Response:
    try:
        live = actions.facilitate(db, broker, live=live, action=action, value=value)
    except store.StoreError as exc:  # the console shows the state and says why
        return _after_action(request, live, token, "state", store_message(lang, exc.code))
    return _after_action(request, live, token, "state")


@router.post("/f/{code}/{token}/reflections", dependencies=[Csrf])
def change_visibility(
    request: Request,
    token: str,
    live: FacilitatedDep,
    db: DbDep,
    broker: BrokerDep,
    op: Annotated[str, Form()],
    reflection_id: Annotated[int | None, Form()] = None,
    card: Annotated[int | None, Form()] = None,
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
    return _after_action(request, live, token, "reflections")


THEME_MESSAGES: dict[str, str] = {
    "empty_label": _("Enter a name for the theme."),
    "long_label": _("A theme name must be %(max)s characters or fewer."),
    "unknown_theme": _("That theme has changed since the page loaded. Choose again."),
    "unknown_reflection": _("That reflection is no longer in the session."),
    "same_theme": _("Choose a different theme to merge into."),
    "nothing_chosen": _("Tick at least one reflection to split off."),
    "bad_op": _("That action is not available."),
}


@router.post("/f/{code}/{token}/themes", dependencies=[Csrf])
def edit_themes(
    request: Request,
    token: str,
    live: FacilitatedDep,
    db: DbDep,
    deck: DeckDep,
    broker: BrokerDep,
    lang: LangDep,
    op: Annotated[str, Form()],
    ref: Annotated[str, Form()] = "",
    label: Annotated[str, Form()] = "",
    into: Annotated[str, Form()] = "",
    to: Annotated[str, Form()] = "",
    reflection_id: Annotated[int | None, Form()] = None,
    reflection_ids: Annotated[list[int] | None, Form()] = None,
) -> Response:
    """Rename, hide, merge or split a theme, or move a reflection; the room follows."""
    try:
        match op:
            case "rename":
                room_themes.rename(db, live=live, ref=ref, label=label)
            case "hide" | "unhide":
                room_themes.set_hidden(db, live=live, ref=ref, hidden=op == "hide")
            case "merge":
                room_themes.merge(db, live=live, ref=ref, into=into)
            case "move":
                if reflection_id is None:
                    raise room_themes.ThemeError("unknown_reflection")
                room_themes.move(db, live=live, reflection_id=reflection_id, to=to, label=label)
            case "split":
                room_themes.split(
                    db, live=live, ref=ref, reflection_ids=reflection_ids or [], label=label
                )
            case _:
                raise room_themes.ThemeError("bad_op")
    except room_themes.ThemeError as error:
        db.rollback()
        message = translate(lang, THEME_MESSAGES[error.code]) % {"max": store.THEME_LABEL_MAX}
        context = console_context(db, deck, live, lang)
        shaped = context["room_themes"]
        placed = {r.id for t in shaped.themes for r in t.members} | {r.id for r in shaped.unthemed}
        beside = (op == "move" and reflection_id in placed) or (
            op != "move" and shaped.by_ref(ref) is not None and op in ("rename", "merge", "split")
        )
        context.update(
            token=token,
            base=console_url(live.code, token),
            view="console",
            theme_error={
                "op": op,
                "ref": ref,
                "id": reflection_id,
                "message": message,
                "beside": beside,
            },
            typed=label,
        )
        template = "partials/_console_themes.html" if is_htmx(request) else "pages/console.html"
        return render(
            request, template, context, status_code=400, headers={"Cache-Control": "no-store"}
        )
    actions.tell(broker, live.code, actions.REFLECTIONS)
    return _after_action(request, live, token, "themes")


@router.post("/f/{code}/{token}/concerns/{concern_id}", dependencies=[Csrf])
def acknowledge_concern(
    request: Request, token: str, concern_id: int, live: FacilitatedDep, db: DbDep
) -> Response:
    store.acknowledge_concern(db, live=live, concern_id=concern_id)
    return _after_action(request, live, token, "concerns")


@router.post("/f/{code}/{token}/delete", dependencies=[Csrf])
def delete_now(
    request: Request, token: str, live: FacilitatedDep, db: DbDep, broker: BrokerDep
) -> Response:
    """End the session and delete every reflection straight away."""
    if live.status != "ended":
        live = actions.facilitate(db, broker, live=live, action="end")
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
        request.app,
        code=live.code,
        view="console",
        lang=lang,
        last_event_id=request.headers.get("last-event-id"),
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
