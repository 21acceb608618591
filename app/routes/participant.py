"""Participants: join with a code or QR, then reflect privately on their phone."""

from __future__ import annotations

import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import store
from app.config import Settings
from app.deps import BrokerDep, DbDep, DeckDep, LangDep, LiveDep, SettingsDep, find_session
from app.i18n import translate
from app.limits import CODE_MAX
from app.live import actions
from app.live.views import phone_context
from app.models import LiveSession, Participant
from app.privacy.redact import clean_removals, describe, redact, removal_spans
from app.roles import ROLE_GROUPS
from app.routes.forms import FormErrors, store_message
from app.security import Csrf, RateLimiter, client_key
from app.text import Id, parse_int
from app.web import is_htmx, render

router = APIRouter(tags=["participant"], default_response_class=HTMLResponse)
DEVICE_COOKIE = "cyt_device"


def limiter(request: Request, name: str) -> RateLimiter:
    """The app's own limiter (so separate apps, e.g. in tests, never share counts)."""
    limiters: dict[str, RateLimiter] = request.app.state.rate_limiters
    return limiters[name]


def device_token(request: Request) -> str:
    token = request.cookies.get(DEVICE_COOKIE, "")
    return token if 20 <= len(token) <= 100 else ""


def _join_form(
    request: Request, code: str, errors: FormErrors, status_code: int = 200
) -> HTMLResponse:
    return render(
        request,
        "pages/participant_join.html",
        {"code": code, "errors": errors},
        status_code=status_code,
    )


def _lookup(
    request: Request, db: DbDep, code: str, lang: str
) -> tuple[LiveSession | None, FormErrors]:
    errors = FormErrors()
    if not limiter(request, "join").allow(client_key(request, "join")):
        errors.add("code", translate(lang, "Too many tries. Wait a minute, then try again."))
        return None, errors
    cleaned = store.normalise_code(code)
    if not cleaned:
        errors.add("code", translate(lang, "Enter the code shown on the screen."))
        return None, errors
    if len(cleaned) != store.CODE_LENGTH or len(code) > CODE_MAX:
        errors.add("code", translate(lang, "The code has 6 letters and numbers, like K7P4XM."))
        return None, errors
    try:
        live = find_session(request, db, cleaned)
    except HTTPException:
        errors.add("code", translate(lang, "Too many tries. Wait a minute, then try again."))
        return None, errors
    if live is None or live.status == "ended":
        errors.add(
            "code",
            translate(lang, "We could not find a session with that code. Check it and try again."),
        )
        return None, errors
    return live, errors


@router.get("/join")
def join_page(request: Request, db: DbDep, lang: LangDep, code: str = "") -> Response:
    if not code:
        return _join_form(request, "", FormErrors())
    live, errors = _lookup(request, db, code, lang)
    if live is None:
        return _join_form(request, code[:CODE_MAX], errors, status_code=400)
    return RedirectResponse(f"/j/{live.code}", status_code=303)


@router.post("/join", dependencies=[Csrf])
def join_submit(
    request: Request, db: DbDep, lang: LangDep, code: Annotated[str, Form()] = ""
) -> Response:
    return join_page(request, db, lang, code=code or " ")


@router.get("/j/{code}")
def join_session_page(request: Request, live: LiveDep, db: DbDep) -> Response:
    """The QR code's target: confirm joining (and pick a role group if asked)."""
    if store.participant(db, live=live, device_token=device_token(request)) is not None:
        return RedirectResponse(f"/s/{live.code}", status_code=303)
    return render(
        request, "pages/participant_join_session.html", {"live": live, "errors": FormErrors()}
    )


@router.post("/j/{code}", dependencies=[Csrf])
def join_session(
    request: Request,
    live: LiveDep,
    db: DbDep,
    broker: BrokerDep,
    settings: SettingsDep,
    lang: LangDep,
    role_group: Annotated[str, Form()] = "",
) -> Response:
    errors = FormErrors()
    if not limiter(request, "join").allow(client_key(request, "join")):
        errors.add("role_group", translate(lang, "Too many tries. Wait a minute, then try again."))
    if live.ask_role_group and role_group and role_group not in ROLE_GROUPS:
        errors.add("role_group", translate(lang, "Choose a role from the list."))
    token = device_token(request) or secrets.token_urlsafe(24)
    if not errors:
        try:
            actions.join(db, broker, live=live, device_token=token, role_group=role_group or None)
        except store.StoreError as exc:
            errors.add("role_group", store_message(lang, exc.code))
    if errors:
        return render(
            request,
            "pages/participant_join_session.html",
            {"live": live, "errors": errors},
            status_code=400,
        )
    response = RedirectResponse(f"/s/{live.code}", status_code=303)
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=60 * 60 * 24,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return response


def _participant(request: Request, db: DbDep, live: LiveSession) -> Participant | None:
    return store.participant(db, live=live, device_token=device_token(request))


@dataclass(frozen=True)
class Joined:
    live: LiveSession
    person: Participant


def joined(request: Request, live: LiveDep, db: DbDep) -> Joined:
    """The session and this device's participant; phones that have not joined go to join."""
    person = _participant(request, db, live)
    if person is None:
        raise HTTPException(status_code=303, headers={"Location": f"/j/{live.code}"})
    return Joined(live, person)


JoinedDep = Annotated[Joined, Depends(joined)]


def _participant_page(
    request: Request,
    db: DbDep,
    deck: DeckDep,
    live: LiveSession,
    person: Participant,
    lang: str,
    *,
    draft: dict[str, object] | None = None,
    errors: FormErrors | None = None,
    preview: dict[str, object] | None = None,
    sent: bool = False,
    editing: dict[str, object] | None = None,
    status_code: int = 200,
) -> HTMLResponse:
    settings: Settings = request.app.state.settings
    context = phone_context(deck, live, lang)
    context.update(
        person=person,
        mine=store.participant_reflections(db, live=live, person=person),
        draft=draft or {"text": "", "kind": "think", "level": ""},
        errors=errors or FormErrors(),
        preview=preview,
        sent=sent,
        # A rejected edit: which reflection, the words typed and the error beside them.
        editing=editing or {"id": None, "text": "", "errors": FormErrors()},
        max_chars=settings.max_reflection_chars,
        deck=deck,
        my_concerns=store.concerns_from_phone(db, live=live, device_token=device_token(request)),
    )
    template = "partials/_participant_work.html" if is_htmx(request) else "pages/participant.html"
    # A draft shown back to its author must never sit in a shared cache.
    return render(
        request, template, context, status_code=status_code, headers={"Cache-Control": "no-store"}
    )


@router.get("/s/{code}")
def participant_page(
    request: Request, me: JoinedDep, db: DbDep, deck: DeckDep, lang: LangDep
) -> Response:
    return _participant_page(request, db, deck, me.live, me.person, lang)


def preview_of(text: str, lang: str, remove: Sequence[str] = ()) -> dict[str, object]:
    """What will be kept: the redacted text, what was taken out, and the words the person
    chose to take out themselves (sent back so they stay taken out, and can be put back)."""
    mine = clean_removals(remove)
    result = redact(text, lang, mine)
    return {
        "text": result.text,
        "removed": describe(result.counts, lang),
        "count": len(result.spans),
        "mine": [word for word in mine if removal_spans(text, [word])],
    }


# A person's own removals arrive as repeated "remove" fields (one word or phrase each).
Removals = Annotated[list[str], Form()]


@router.post("/s/{code}/preview", dependencies=[Csrf])
def preview(
    request: Request,
    live: LiveDep,
    settings: SettingsDep,
    lang: LangDep,
    text: Annotated[str, Form()] = "",
    remove: Removals = [],  # noqa: B006 - FastAPI copies the default
) -> HTMLResponse:
    """What will be kept after redaction. Stores nothing."""
    limit = settings.max_reflection_chars
    result = preview_of(text[: limit * 2], lang, remove) if text.strip() else None
    return render(
        request,
        "partials/_redaction_preview.html",
        {"preview": result, "too_long": len(text) > limit, "max_chars": limit},
    )


def _validate_text(text: str, limit: int, lang: str, errors: FormErrors) -> None:
    if not text.strip():
        errors.add("text", store_message(lang, "empty"))
    elif len(text) > limit:
        errors.add(
            "text",
            translate(lang, "Keep it to %(max)s characters or fewer (you have %(count)s).")
            % {"max": limit, "count": len(text)},
        )


@router.post("/s/{code}/reflections", dependencies=[Csrf])
def submit_reflection(
    request: Request,
    me: JoinedDep,
    db: DbDep,
    deck: DeckDep,
    broker: BrokerDep,
    lang: LangDep,
    settings: SettingsDep,
    text: Annotated[str, Form()] = "",
    kind: Annotated[str, Form()] = "think",
    level: Annotated[str, Form()] = "",
    card: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
    remove: Removals = [],  # noqa: B006 - FastAPI copies the default
) -> Response:
    live, person = me.live, me.person
    limit = settings.max_reflection_chars
    draft: dict[str, object] = {"text": text, "kind": kind, "level": level}
    errors = FormErrors()
    _validate_text(text, limit, lang, errors)
    if kind == "change" and level not in store.LEVELS:
        errors.add("level", translate(lang, "Choose who could make this change."))
    if not limiter(request, "submit").allow(client_key(request, "submit") + person.device_hash[:8]):
        errors.add(
            "text", translate(lang, "You are sending very quickly. Wait a moment and try again.")
        )
    card_number = parse_int(card) if card.strip() else store.current_card_number(live)
    if card_number is None and card.strip():
        errors.add("text", store_message(lang, "bad_card"))
    elif card_number is None:
        errors.add("text", translate(lang, "Wait for the facilitator to deal the first card."))
    if errors:
        return _participant_page(
            request, db, deck, live, person, lang, draft=draft, errors=errors, status_code=400
        )
    preview = preview_of(text, lang, remove)
    if preview["count"] and not confirm:
        # Show what will be kept and let them send it or edit first; nothing is lost.
        return _participant_page(
            request, db, deck, live, person, lang, draft=draft, preview=preview
        )
    try:
        actions.reflect(
            db,
            broker,
            live=live,
            person=person,
            card_number=card_number or 0,
            text=text,
            kind=kind,
            level=level or None,
            remove=clean_removals(remove),
        )
    except store.StoreError as exc:
        errors.add("text", store_message(lang, exc.code))
        return _participant_page(
            request, db, deck, live, person, lang, draft=draft, errors=errors, status_code=400
        )
    if is_htmx(request):
        return _participant_page(request, db, deck, live, person, lang, sent=True)
    return RedirectResponse(f"/s/{live.code}?sent=1#mine", status_code=303)


@router.post("/s/{code}/reflections/{reflection_id}", dependencies=[Csrf])
def change_reflection(
    request: Request,
    me: JoinedDep,
    reflection_id: Id,
    db: DbDep,
    deck: DeckDep,
    broker: BrokerDep,
    lang: LangDep,
    settings: SettingsDep,
    op: Annotated[str, Form()] = "edit",
    text: Annotated[str, Form()] = "",
) -> Response:
    """Edit or delete one's own reflection while the session is running."""
    live, person = me.live, me.person
    reflection = store.own_reflection(db, live=live, person=person, reflection_id=reflection_id)
    if reflection is None:
        raise HTTPException(status_code=404)
    errors = FormErrors()
    field = f"edit-{reflection.id}"
    try:
        if op == "delete":
            actions.delete(db, broker, live=live, reflection=reflection)
        else:
            checked = FormErrors()
            _validate_text(text, settings.max_reflection_chars, lang, checked)
            for message in checked.messages.values():
                errors.add(field, message)
            if not errors:
                actions.edit(db, broker, live=live, reflection=reflection, text=text)
    except store.StoreError as exc:
        errors.add(field, store_message(lang, exc.code))
    if errors:
        editing: dict[str, object] = {
            "id": reflection.id,
            "text": text if op != "delete" else reflection.text,
            "errors": errors,
        }
        return _participant_page(
            request, db, deck, live, person, lang, editing=editing, status_code=400
        )
    if is_htmx(request):
        return _participant_page(request, db, deck, live, person, lang)
    return RedirectResponse(f"/s/{live.code}#mine", status_code=303)


@router.get("/s/{code}/concern")
def concern_page(request: Request, me: JoinedDep, db: DbDep) -> Response:
    mine = store.concerns_from_phone(db, live=me.live, device_token=device_token(request))
    return render(
        request,
        "pages/participant_concern.html",
        {"live": me.live, "errors": FormErrors(), "text": "", "sent": False, "my_concerns": mine},
        headers={"Cache-Control": "no-store"},
    )


@router.get("/s/{code}/reply")
def concern_reply(request: Request, me: JoinedDep, db: DbDep) -> Response:
    """This phone's own concerns and any private reply: never a shared fragment."""
    mine = store.concerns_from_phone(db, live=me.live, device_token=device_token(request))
    return render(
        request,
        "partials/_participant_concern_reply.html",
        {"live": me.live, "my_concerns": mine},
        headers={"Cache-Control": "no-store"},
    )


@router.post("/s/{code}/concern", dependencies=[Csrf])
def raise_concern(
    request: Request,
    me: JoinedDep,
    db: DbDep,
    broker: BrokerDep,
    lang: LangDep,
    settings: SettingsDep,
    text: Annotated[str, Form()] = "",
) -> Response:
    """A private safeguarding flag: only the facilitator sees it; never aggregated."""
    live = me.live
    errors = FormErrors()
    _validate_text(text, settings.max_reflection_chars, lang, errors)
    if not errors:
        try:
            actions.raise_concern(
                db,
                broker,
                live=live,
                text=text,
                card_number=store.current_card_number(live),
                device_token=device_token(request),
            )
        except store.StoreError as exc:
            errors.add("text", store_message(lang, exc.code))
    mine = store.concerns_from_phone(db, live=live, device_token=device_token(request))
    context = {
        "live": live,
        "errors": errors,
        "text": text if errors else "",
        "sent": not errors,
        "my_concerns": mine,
    }
    return render(
        request,
        "pages/participant_concern.html",
        context,
        status_code=400 if errors else 200,
        headers={"Cache-Control": "no-store"},
    )
