"""Facilitators: create a session, then run it from its console.

The console's secret link is a one-time handover: its first visit in a browser sets an
HttpOnly, SameSite=Strict cookie scoped to that session's console path and redirects to
``/f/CODE``, so the secret stays out of browser history, every later URL and the access
log. The same visit remembers the session for ``/facilitate`` (one cookie per session,
scoped to that page), so a closed tab or a restarted laptop never strands the room.
The JSON API keeps its ``Authorization: Bearer`` header.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from babel.dates import format_datetime, get_timezone
from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import room_themes, store
from app.content.statements import MAX_CHOSEN, statements
from app.deps import BrokerDep, DbDep, DeckDep, LangDep, LiveDep, SettingsDep, public_base_url
from app.exports.build import export_session
from app.exports.common import BABEL_LOCALES
from app.i18n import LANGUAGES, SESSION_LANGUAGES, SessionLanguage, _, translate
from app.limits import REPLY_MAX, THEME_LABEL_MAX, TITLE_MAX
from app.live import actions, views
from app.live.fragments import FRAGMENTS, render_fragment
from app.live.stream import sse_response
from app.live.views import console_context, join_url
from app.models import LiveSession, utcnow
from app.replies import PREPARED_REPLIES
from app.routes.forms import FormErrors, store_message
from app.security import Csrf
from app.text import Id, parse_int
from app.web import is_htmx, render, render_string

router = APIRouter(tags=["facilitator"], default_response_class=HTMLResponse)
FACILITATOR_COOKIE = "cyt_facilitator"  # path /s/CODE: the projector takes clicker keys
CONSOLE_COOKIE = "cyt_console"  # path /f/CODE: this browser runs that session's console
SESSIONS_COOKIE_PREFIX = "cyt_console_"  # + CODE, path /facilitate: "Your sessions"
SESSIONS_PATH = "/facilitate"
WALES = get_timezone("Europe/London")
GRANT_SECONDS = 90 * 24 * 3600  # outlives the default 30-day retention after a session


def console_url(code: str, token: str) -> str:
    """The secret link to keep: opening it hands the console to that browser."""
    return f"/f/{code}/{token}"


def console_path(code: str) -> str:
    """Where the console lives once handed over: no secret in it."""
    return f"/f/{code}"


def grant_console(request: Request, response: Response, live: LiveSession, token: str) -> None:
    """Let this browser run the console, remember it for /facilitate, drive the projector."""
    secure = request.app.state.settings.secure_cookies
    cookies = (
        (CONSOLE_COOKIE, console_path(live.code)),
        (SESSIONS_COOKIE_PREFIX + live.code, SESSIONS_PATH),
        (FACILITATOR_COOKIE, f"/s/{live.code}"),
    )
    for name, path in cookies:
        response.set_cookie(
            name,
            token,
            max_age=GRANT_SECONDS,
            path=path,
            httponly=True,
            samesite="strict",
            secure=secure,
        )


def _facilitator_session(request: Request, code: str, db: DbDep) -> LiveSession | None:
    token = request.cookies.get(CONSOLE_COOKIE, "")
    return store.facilitator_session(db, code=code, token=token) if token else None


def facilitated_session(request: Request, found: LiveDep, db: DbDep) -> LiveSession:
    """The session whose console cookie this browser holds, or 404 for anyone else.

    The code is looked up (and rate-limited) by the one "session by code" dependency."""
    live = _facilitator_session(request, found.code, db)
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
        "pages/facilitator_new.html",
        {
            "cards": deck.cards,
            "deck_cards": {card.number: card for card in deck.cards},
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
    picked = [parse_int(c) for c in cards or []]
    chosen = [n for n in picked if n is not None and deck.card_by_number(n)]
    values: dict[str, object] = {
        "title": title[: TITLE_MAX * 2],
        "lang": session_lang if session_lang in SESSION_LANGUAGES else lang,
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
    elif chosen_plan and chosen:
        # Never pick for them: a plan and ticked cards is a choice only they can make.
        errors.add(
            "plan",
            translate(
                lang,
                'You chose a plan and ticked cards. Choose the plan, or "My own cards" to use'
                " the cards you ticked.",
            ),
        )
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
        check_statements=checks,
        base_url=base,
    )
    response = render(
        request,
        "pages/facilitator_created.html",
        {
            "live": live,
            "console_link": base.rstrip("/") + console_url(live.code, token),
            "console_path": console_path(live.code),
            "join_url": join_url(base, live.code),
        },
        status_code=201,
        headers={"Cache-Control": "no-store"},
    )
    grant_console(request, response, live, token)
    return response


@router.get("/facilitate")
def your_sessions(request: Request, db: DbDep) -> HTMLResponse:
    """The sessions this browser created or was handed, most recent first; no accounts."""
    found: list[LiveSession] = []
    stale: list[str] = []
    for name, token in request.cookies.items():
        if not name.startswith(SESSIONS_COOKIE_PREFIX):
            continue
        code = name.removeprefix(SESSIONS_COOKIE_PREFIX)
        live = store.facilitator_session(db, code=code, token=token)
        if live is None:
            stale.append(name)
        else:
            found.append(live)
    found.sort(key=lambda live: _aware(live.created_at), reverse=True)
    lang = getattr(request.state, "lang", "en")
    listed = [(live, local_time(live.created_at, lang)) for live in found]
    response = render(
        request,
        "pages/facilitator_sessions.html",
        {"sessions": listed},
        headers={"Cache-Control": "no-store"},
    )
    for name in stale:  # a session deleted outright: forget it
        response.delete_cookie(name, path=SESSIONS_PATH)
    return response


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=utcnow().tzinfo)


def local_time(moment: datetime, lang: str) -> str:
    """``5 Dec 2026, 14:32`` in Wales's own time, in the page's language."""
    return format_datetime(
        _aware(moment), "d MMM y, HH:mm", tzinfo=WALES, locale=BABEL_LOCALES.get(lang, "en_GB")
    )


@router.get("/facilitate/open/{code}")
def reopen_console(request: Request, code: str, db: DbDep) -> Response:
    """Back into a console from /facilitate: renews its cookie from this browser's list."""
    code = store.normalise_code(code)
    token = request.cookies.get(SESSIONS_COOKIE_PREFIX + code, "")
    live = store.facilitator_session(db, code=code, token=token) if token else None
    if live is None:
        return RedirectResponse(SESSIONS_PATH, status_code=303)
    response = RedirectResponse(console_path(live.code), status_code=303)
    grant_console(request, response, live, token)
    return response


@router.get("/f/{code}")
def console(request: Request, code: str, db: DbDep, deck: DeckDep, lang: LangDep) -> Response:
    live = _facilitator_session(request, code, db)
    if live is None:
        # No cookie: a link opened from another site (SameSite=Strict withholds the
        # cookie on that first redirect), or a browser that never had the link.
        return render(
            request,
            "pages/facilitator_console_locked.html",
            {"code": store.normalise_code(code)},
            status_code=401,
            headers={"Cache-Control": "no-store"},
        )
    context = console_context(db, deck, live, lang)
    context.update(base=console_path(live.code), view="console")
    return render(
        request, "pages/facilitator_console.html", context, headers={"Cache-Control": "no-store"}
    )


def _after_action(request: Request, live: LiveSession, fragment: str, error: str = "") -> Response:
    """The changed console fragment for htmx; a refusal comes with a 4xx and its reason.

    The reason goes out of band into ``#console-alert``, which live updates never replace,
    so it stays until the next action clears it.
    """
    if is_htmx(request):
        lang = getattr(request.state, "lang", "en")
        extra = {"base": console_path(live.code)}
        html = render_fragment(request.app, "console", fragment, live.code, lang, extra) or ""
        html += render_string(
            request.app.state.jinja, "partials/_facilitator_alert.html", lang, {"error": error}
        )
        return HTMLResponse(
            html, status_code=400 if error else 200, headers={"Cache-Control": "no-store"}
        )
    return RedirectResponse(console_path(live.code), status_code=303)


@router.post("/f/{code}/action", dependencies=[Csrf])
def console_action(
    request: Request,
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
        return _after_action(request, live, "state", store_message(lang, exc.code))
    return _after_action(request, live, "state")


@router.post("/f/{code}/reflections", dependencies=[Csrf])
def change_visibility(
    request: Request,
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
    return _after_action(request, live, "reflections")


THEME_MESSAGES: dict[str, str] = {
    "empty_label": _("Enter a name for the theme."),
    "long_label": _("A theme name must be %(max)s characters or fewer."),
    "unknown_theme": _("That theme has changed since the page loaded. Choose again."),
    "unknown_reflection": _("That reflection is no longer in the session."),
    "same_theme": _("Choose a different theme to merge into."),
    "nothing_chosen": _("Tick at least one reflection to split off."),
    "bad_op": _("That action is not available."),
}


@router.post("/f/{code}/themes", dependencies=[Csrf])
def edit_themes(
    request: Request,
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
        message = translate(lang, THEME_MESSAGES[error.code]) % {"max": THEME_LABEL_MAX}
        context = console_context(db, deck, live, lang)
        shaped = context["room_themes"]
        placed = {r.id for t in shaped.themes for r in t.members} | {r.id for r in shaped.unthemed}
        beside = (op == "move" and reflection_id in placed) or (
            op != "move" and shaped.by_ref(ref) is not None and op in ("rename", "merge", "split")
        )
        context.update(
            base=console_path(live.code),
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
        template = (
            "partials/_facilitator_themes.html"
            if is_htmx(request)
            else "pages/facilitator_console.html"
        )
        return render(
            request, template, context, status_code=400, headers={"Cache-Control": "no-store"}
        )
    actions.tell(broker, live.code, actions.REFLECTIONS)
    return _after_action(request, live, "themes")


@router.post("/f/{code}/concerns/{concern_id}", dependencies=[Csrf])
def acknowledge_concern(
    request: Request, concern_id: Id, live: FacilitatedDep, db: DbDep
) -> Response:
    store.acknowledge_concern(db, live=live, concern_id=concern_id)
    return _after_action(request, live, "concerns")


@router.post("/f/{code}/concerns/{concern_id}/reply", dependencies=[Csrf])
def reply_to_concern(
    request: Request,
    concern_id: int,
    live: FacilitatedDep,
    db: DbDep,
    deck: DeckDep,
    broker: BrokerDep,
    lang: LangDep,
    choice: Annotated[str, Form()] = "",
    text: Annotated[str, Form()] = "",
) -> Response:
    """A short private reply, shown only on the phone that raised the concern."""
    error = ""
    if len(text) > REPLY_MAX:
        error = translate(lang, "Keep the reply to %(max)s characters or fewer.") % {
            "max": REPLY_MAX
        }
    elif choice and choice not in PREPARED_REPLIES:
        error = store_message(lang, "bad_reply")
    else:
        try:
            actions.reply_to_concern(
                db, broker, live=live, concern_id=concern_id, choice=choice, text=text
            )
        except store.StoreError as exc:
            error = store_message(lang, exc.code)
    if not error:
        return _after_action(request, live, "concerns")
    # Rejected: the same list again, the message beside this concern's reply and the
    # typed words kept (the whole console when htmx is not there to swap the list).
    htmx = is_htmx(request)
    context = views.concerns_part(db, live) if htmx else console_context(db, deck, live, lang)
    context.update(
        base=console_path(live.code),
        view="console",
        reply_errors={concern_id: error},
        reply_drafts={concern_id: {"choice": choice, "text": text[: REPLY_MAX * 2]}},
    )
    template = "partials/_facilitator_concerns.html" if htmx else "pages/facilitator_console.html"
    return render(
        request, template, context, status_code=400, headers={"Cache-Control": "no-store"}
    )


@router.post("/f/{code}/delete", dependencies=[Csrf])
def delete_now(request: Request, live: FacilitatedDep, db: DbDep, broker: BrokerDep) -> Response:
    """End the session and delete every reflection straight away."""
    if live.status != "ended":
        live = actions.facilitate(db, broker, live=live, action=actions.Action.END)
    store.delete_personal_data(db, live=live)
    actions.tell(broker, live.code, actions.REFLECTIONS)
    return RedirectResponse(console_path(live.code), status_code=303)


@router.get("/f/{code}/export")
@router.get("/f/{code}/export.{fmt}")
def export(
    request: Request,
    live: FacilitatedDep,
    db: DbDep,
    deck: DeckDep,
    lang: LangDep,
    fmt: str = "md",
    include: Literal["revealed", "all"] = "revealed",
    summary_lang: SessionLanguage | None = None,
) -> Response:
    """A summary of the session, made on demand and not kept on the server.

    While the session runs it is marked as interim, with the time it was made.
    """
    try:
        body, media_type, filename = export_session(
            db,
            deck,
            live,
            fmt=fmt,
            lang=summary_lang or live.session_lang,
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


@router.get("/f/{code}/events")
def console_events(request: Request, live: FacilitatedDep, lang: LangDep) -> Response:
    return sse_response(
        request,
        code=live.code,
        view="console",
        lang=lang,
        extra={"base": console_path(live.code)},
    )


@router.get("/f/{code}/fragment/{name}")
def console_fragment(request: Request, name: str, live: FacilitatedDep, lang: LangDep) -> Response:
    if name not in FRAGMENTS["console"]:
        raise HTTPException(status_code=404)
    extra = {"base": console_path(live.code)}
    html = render_fragment(request.app, "console", name, live.code, lang, extra) or ""
    return HTMLResponse(html, headers={"Cache-Control": "no-store"})


# Registered last, so /f/CODE/events, /export and the rest are never taken for a token.
@router.get("/f/{code}/{token}")
def hand_over_console(request: Request, found: LiveDep, token: str, db: DbDep) -> Response:
    """The one visit that carries the secret: set the console cookie, then drop the secret."""
    live = store.facilitator_session(db, code=found.code, token=token)
    if live is None:
        raise HTTPException(status_code=404)
    target = console_path(live.code)
    if request.query_params.get("lang") in LANGUAGES:
        target += f"?lang={request.query_params['lang']}"
    response = RedirectResponse(target, status_code=303, headers={"Cache-Control": "no-store"})
    grant_console(request, response, live, token)
    return response
