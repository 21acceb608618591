"""Evidence the session changed something (#15), on the phone and the console.

Phones answer the before-and-after check, vote on actions and keep their own record.
Each phone's panel is its own (it knows whether this device has answered), so the live
stream only tells phones that something opened; the panel is then fetched from here.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app import evidence, store
from app.content.statements import chosen
from app.deps import BrokerDep, DbDep, DeckDep, LangDep
from app.exports.common import BABEL_LOCALES
from app.i18n import translate
from app.live import actions
from app.routes.facilitator import FacilitatedDep, _after_action
from app.routes.forms import FormErrors, store_message
from app.routes.participant import JoinedDep, device_token
from app.security import verify_csrf
from app.web import is_htmx, render

router = APIRouter(tags=["evidence"], default_response_class=HTMLResponse)
Csrf = Depends(verify_csrf)
NO_STORE = {"Cache-Control": "no-store"}


def phone_panel_context(
    request: Request, db: DbDep, deck: DeckDep, me: Any, lang: str
) -> dict[str, Any]:
    """What this phone may do now: answer a check, vote, keep its reflections."""
    live, token = me.live, device_token(request)
    stage = next((s for s in store.CHECK_STAGES if store.check_open(live, s)), "")
    answered = {
        s: store.has_ballot(db, live=live, device_token=token, kind=s)
        for s in store.CHECK_STAGES
        if live.check_statements
    }
    voting = live.vote_state == "open" and live.status != "ended"
    candidates = store.vote_candidates(db, live=live) if voting else []
    mine = store.participant_reflections(db, live=live, person=me.person)
    show_takeaway = live.status == "ended" or live.check_stage == "after" or bool(live.vote_state)
    return {
        "live": live,
        "check_stage": stage,
        "answered": answered,
        "statements": chosen(live.check_statements),
        "scale": evidence.SCALE_LABELS,
        "voting": voting,
        "voted": voting and store.has_ballot(db, live=live, device_token=token, kind="vote"),
        "candidates": candidates,
        "max_votes": store.MAX_VOTES,
        "takeaway": evidence.takeaway(deck, live, mine, lang) if show_takeaway else None,
        "errors": FormErrors(),
        "values": {},
        "thanks": "",
    }


def _panel(
    request: Request,
    db: DbDep,
    deck: DeckDep,
    me: Any,
    lang: str,
    *,
    errors: FormErrors | None = None,
    values: dict[str, Any] | None = None,
    thanks: str = "",
) -> Response:
    if not is_htmx(request) and not errors:
        return RedirectResponse(f"/s/{me.live.code}/evidence", status_code=303)
    context = phone_panel_context(request, db, deck, me, lang)
    context.update(errors=errors or FormErrors(), values=values or {}, thanks=thanks)
    template = (
        "partials/_participant_evidence.html"
        if is_htmx(request)
        else "pages/participant_evidence.html"
    )
    return render(request, template, context, status_code=400 if errors else 200, headers=NO_STORE)


@router.get("/s/{code}/evidence")
def participant_evidence(
    request: Request, me: JoinedDep, db: DbDep, deck: DeckDep, lang: LangDep
) -> Response:
    """This phone's check, vote and take-away (fetched when the live stream says so)."""
    context = phone_panel_context(request, db, deck, me, lang)
    template = (
        "partials/_participant_evidence.html"
        if is_htmx(request)
        else "pages/participant_evidence.html"
    )
    return render(request, template, context, headers=NO_STORE)


@router.post("/s/{code}/check", dependencies=[Csrf])
async def answer_check(
    request: Request, me: JoinedDep, db: DbDep, deck: DeckDep, broker: BrokerDep, lang: LangDep
) -> Response:
    form = await request.form()
    stage = str(form.get("stage", ""))
    scores: dict[str, int] = {}
    values: dict[str, Any] = {}
    for statement in chosen(me.live.check_statements):
        raw = str(form.get(f"score-{statement.id}", ""))
        values[statement.id] = raw
        if raw.isdigit():
            scores[statement.id] = int(raw)
    return await _run(
        request,
        db,
        deck,
        me,
        lang,
        values,
        field="check",
        thanks=translate(lang, "Thank you. Your answers are anonymous."),
        call=lambda: actions.answer_check(
            db, broker, live=me.live, device_token=device_token(request), stage=stage, scores=scores
        ),
    )


@router.post("/s/{code}/vote", dependencies=[Csrf])
async def vote(
    request: Request, me: JoinedDep, db: DbDep, deck: DeckDep, broker: BrokerDep, lang: LangDep
) -> Response:
    form = await request.form()
    picked = [int(v) for v in form.getlist("action") if isinstance(v, str) and v.isdigit()]
    values = {"action": picked}
    errors = FormErrors()
    if len(picked) > store.MAX_VOTES:
        errors.add("vote", store_message(lang, "too_many_votes"))
        return _panel(request, db, deck, me, lang, errors=errors, values=values)
    return await _run(
        request,
        db,
        deck,
        me,
        lang,
        values,
        field="vote",
        thanks=translate(lang, "Thank you. Your votes are counted without your name."),
        call=lambda: actions.vote(
            db, broker, live=me.live, device_token=device_token(request), reflection_ids=picked
        ),
    )


async def _run(
    request: Request,
    db: DbDep,
    deck: DeckDep,
    me: Any,
    lang: str,
    values: dict[str, Any],
    *,
    field: str,
    thanks: str,
    call: Any,
) -> Response:
    """Run a phone's answer or vote off the event loop; show the result or the error."""
    from anyio import to_thread

    def work() -> Response:
        errors = FormErrors()
        try:
            call()
        except store.StoreError as exc:
            errors.add(field, store_message(lang, exc.code))
        if errors:
            return _panel(request, db, deck, me, lang, errors=errors, values=values)
        return _panel(request, db, deck, me, lang, thanks=thanks)

    return await to_thread.run_sync(work)


def _record_context(
    request: Request, me: Any, db: DbDep, deck: DeckDep, lang: str
) -> dict[str, Any]:
    mine = store.participant_reflections(db, live=me.live, person=me.person)
    record = evidence.takeaway(deck, me.live, mine, lang)
    from babel.dates import format_date

    return {
        "live": me.live,
        "record": record,
        "day": format_date(record["day"], format="long", locale=BABEL_LOCALES.get(lang, lang)),
    }


@router.get("/s/{code}/record")
def cpd_record(
    request: Request, me: JoinedDep, db: DbDep, deck: DeckDep, lang: LangDep
) -> Response:
    """This person's CPD record of the session, to print or save as PDF (no JavaScript
    needed). Made on request from their own reflections; nothing is kept."""
    context = _record_context(request, me, db, deck, lang)
    return render(request, "pages/cpd_record.html", context, headers=NO_STORE)


@router.get("/s/{code}/record.md")
def cpd_record_markdown(
    request: Request, me: JoinedDep, db: DbDep, deck: DeckDep, lang: LangDep
) -> Response:
    """The same record as a Markdown file."""
    context = _record_context(request, me, db, deck, lang)
    body = evidence.record_markdown(context["record"], lang, context["day"])
    day = context["record"]["day"].isoformat()
    return Response(
        body,
        media_type="text/markdown; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="cpd-record-{day}.md"',
            **NO_STORE,
        },
    )


@router.post("/f/{code}/evidence", dependencies=[Csrf])
def console_evidence(
    request: Request,
    live: FacilitatedDep,
    db: DbDep,
    broker: BrokerDep,
    lang: LangDep,
    action: Annotated[str, Form()] = "",
) -> Response:
    """Open the after check, open or close the vote, choose what the projector shows."""
    if not action.startswith(("check-", "vote-", "show-")):
        raise HTTPException(status_code=400)
    error = ""
    try:
        live = actions.facilitate(db, broker, live=live, action=action)
    except store.StoreError as exc:  # the panel shows the state either way, and why not
        error = store_message(lang, exc.code)
    return _after_action(request, live, "evidence", error)
