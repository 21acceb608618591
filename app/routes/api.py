"""The JSON API (``/api/v1``): what the pages do, through the same domain functions.

Facilitator calls carry ``Authorization: Bearer <facilitator token>``; participant calls
carry ``X-Device-Token`` (returned by ``join``). No cookies, so no CSRF.
"""

from __future__ import annotations

import secrets
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from app import i18n, store
from app.aggregates import session_figures
from app.content.statements import statements
from app.content.themes import THEMES
from app.deps import BrokerDep, DbDep, DeckDep, LiveDep, public_base_url
from app.errors import AUTH_RESPONSES, CONFLICT_RESPONSES, ERROR_RESPONSES, ApiError, api_error
from app.evidence import actions_agreed, confidence
from app.exports.build import export_session
from app.exports.summary import BandCounts
from app.i18n import Language, SessionLanguage, _, translate
from app.limits import REDACT_MAX, REFLECTION_MAX, TITLE_MAX
from app.live import actions
from app.live.views import join_url
from app.models import LiveSession, Reflection
from app.privacy.redact import describe, redact
from app.roles import ROLE_GROUPS
from app.routes.forms import store_message
from app.text import Id, clean_text

router = APIRouter(prefix="/api/v1", tags=["api"], responses=ERROR_RESPONSES)


class CreateSession(BaseModel):
    title: str = Field(min_length=1, max_length=TITLE_MAX)
    lang: SessionLanguage = Field(
        default="en", description='"both": Welsh and English at once on the projector, Welsh first'
    )
    cards: list[Id] = Field(default_factory=list, max_length=60)
    plan: str | None = Field(default=None, max_length=80)
    k_threshold: int = Field(default=3, ge=2, le=50)
    ask_role_group: bool = True
    check_statements: list[str] = Field(
        default_factory=list,
        max_length=3,
        description="Ids from GET /api/v1/statements: turns on the before-and-after check.",
    )


class CreatedSession(BaseModel):
    code: str
    join_url: str
    console_url: str
    facilitator_token: str


class SessionState(BaseModel):
    code: str
    title: str
    lang: str
    status: str
    card: int | None
    side: str
    phase: str
    position: int
    cards: list[int]
    participants: int
    join_locked: bool


class ActionRequest(BaseModel):
    action: actions.Action
    value: str = Field(default="", max_length=20)


class Visibility(BaseModel):
    revealed: bool | None = None
    hidden: bool | None = None


class Join(BaseModel):
    role_group: str | None = Field(default=None, max_length=30)


class Joined(BaseModel):
    device_token: str


class NewReflection(BaseModel):
    text: str = Field(min_length=1, max_length=REFLECTION_MAX)
    kind: Literal["think", "change"] = "think"
    level: Literal["me", "team", "organisation", "system"] | None = None
    card: Id | None = None


class StoredReflection(BaseModel):
    id: int
    card: int
    kind: str
    level: str | None
    text: str
    removed: int


class ThemeRow(BaseModel):
    label: str
    count: int


class RoomThemeRow(BaseModel):
    label: str
    count: int
    quote: str | None


class ThemesOut(BaseModel):
    enough: bool
    message: str | None
    themes: list[RoomThemeRow]  # the facilitator's themes, as the room sees them
    tags: list[ThemeRow]  # the dealt cards' theme tags (deck vocabulary)
    phrases: list[ThemeRow]


def facilitator(
    found: LiveDep, db: DbDep, authorization: Annotated[str, Header()] = ""
) -> LiveSession:
    token = authorization.removeprefix("Bearer ").strip()
    live = store.facilitator_session(db, code=found.code, token=token)
    if live is None:
        raise HTTPException(status_code=401, detail="facilitator token required")
    return live


FacilitatorDep = Annotated[LiveSession, Depends(facilitator)]


def _state(db: DbDep, live: LiveSession) -> SessionState:
    return SessionState(
        code=live.code,
        title=live.title,
        lang=live.session_lang,
        status=live.status,
        card=store.current_card_number(live),
        side=live.current_side,
        phase=live.phase,
        position=live.current_index + 1,
        cards=store.card_order(live),
        participants=store.participant_count(db, live=live),
        join_locked=live.join_locked,
    )


def _refuse(live: LiveSession, exc: store.StoreError) -> HTTPException:
    return HTTPException(status_code=409, detail=store_message(live.lang, exc.code))


@router.post("/sessions", status_code=201)
def create(body: CreateSession, request: Request, db: DbDep, deck: DeckDep) -> CreatedSession:
    """Create a session from a plan or a list of card numbers."""
    numbers = body.cards
    if body.plan and body.cards:
        raise HTTPException(status_code=422, detail="choose a plan or cards, not both")
    if body.plan:
        plan = deck.plan(body.plan)
        if plan is None:
            raise HTTPException(status_code=422, detail="unknown plan")
        numbers = list(plan.card_numbers)
    unknown = [n for n in numbers if deck.card_by_number(n) is None]
    if unknown or not numbers:
        raise HTTPException(status_code=422, detail="choose existing cards or a plan")
    if any(ident not in statements() for ident in body.check_statements):
        raise HTTPException(status_code=422, detail="unknown check statement")
    base = public_base_url(request)
    live, token = store.create_session(
        db,
        title=body.title,
        lang=body.lang,
        card_numbers=numbers,
        plan_slug=body.plan,
        k_threshold=body.k_threshold,
        ask_role_group=body.ask_role_group,
        check_statements=body.check_statements,
        base_url=base,
    )
    return CreatedSession(
        code=live.code,
        join_url=join_url(base, live.code),
        console_url=f"{base.rstrip('/')}/f/{live.code}/{token}",
        facilitator_token=token,
    )


@router.get("/sessions/{code}")
def state(live: LiveDep, db: DbDep) -> SessionState:
    return _state(db, live)


@router.post("/sessions/{code}/actions", responses={**AUTH_RESPONSES, **CONFLICT_RESPONSES})
def act(body: ActionRequest, live: FacilitatorDep, db: DbDep, broker: BrokerDep) -> SessionState:
    """Deal (next/previous/forward/back), flip, phase, timer, blank, lock, end."""
    try:
        live = actions.facilitate(db, broker, live=live, action=body.action, value=body.value)
    except store.StoreError as exc:
        raise _refuse(live, exc) from exc
    return _state(db, live)


def _stored(reflection: Reflection) -> StoredReflection:
    return StoredReflection(
        id=reflection.id or 0,
        card=reflection.card_number,
        kind=reflection.kind,
        level=reflection.level,
        text=reflection.text,
        removed=reflection.removed,
    )


@router.get("/sessions/{code}/reflections", responses=AUTH_RESPONSES)
def list_reflections(
    live: FacilitatorDep, db: DbDep, card: Id | None = None
) -> list[StoredReflection]:
    return [_stored(r) for r in store.reflections(db, live=live, card_number=card)]


@router.post("/sessions/{code}/reflections/{reflection_id}/visibility", responses=AUTH_RESPONSES)
def visibility(
    reflection_id: Id, body: Visibility, live: FacilitatorDep, db: DbDep, broker: BrokerDep
) -> dict[str, int]:
    changed = actions.reveal(
        db,
        broker,
        live=live,
        reflection_id=reflection_id,
        revealed=body.revealed,
        hidden=body.hidden,
    )
    if not changed:
        raise HTTPException(status_code=404, detail="reflection not found")
    return {"changed": changed}


@router.post("/sessions/{code}/join", status_code=201, responses=CONFLICT_RESPONSES)
def join(live: LiveDep, body: Join, db: DbDep, broker: BrokerDep) -> Joined:
    if body.role_group is not None and body.role_group not in ROLE_GROUPS:
        raise HTTPException(status_code=422, detail="unknown role group")
    token = secrets.token_urlsafe(24)
    try:
        actions.join(db, broker, live=live, device_token=token, role_group=body.role_group)
    except store.StoreError as exc:
        raise _refuse(live, exc) from exc
    return Joined(device_token=token)


@router.post(
    "/sessions/{code}/reflections",
    status_code=201,
    responses={**AUTH_RESPONSES, **CONFLICT_RESPONSES},
)
def post_reflection(
    live: LiveDep,
    body: NewReflection,
    db: DbDep,
    broker: BrokerDep,
    x_device_token: Annotated[str, Header()] = "",
) -> StoredReflection:
    """Post a reflection; it is redacted before it is stored, and the stored text returned."""
    person = store.participant(db, live=live, device_token=x_device_token)
    if person is None:
        raise HTTPException(status_code=401, detail="join the session first")
    card = body.card if body.card is not None else store.current_card_number(live)
    try:
        saved = actions.reflect(
            db,
            broker,
            live=live,
            person=person,
            card_number=card or 0,
            text=body.text,
            kind=body.kind,
            level=body.level,
        )
    except store.StoreError as exc:
        raise _refuse(live, exc) from exc
    return _stored(saved)


@router.get(
    "/sessions/{code}/export.{fmt}",
    responses={200: {"content": {"application/octet-stream": {}}}, **AUTH_RESPONSES},
)
def export(
    fmt: str,
    live: FacilitatorDep,
    db: DbDep,
    deck: DeckDep,
    lang: SessionLanguage | None = None,
    include: Literal["revealed", "all"] = "revealed",
) -> Response:
    """The session summary as md, html, pdf, csv, themes.csv, docx or json.

    ``lang``: ``cy``, ``en`` or ``both`` (Welsh first); the session's language by default.
    """
    try:
        body, media_type, filename = export_session(
            db, deck, live, fmt=fmt, lang=lang, include=include
        )
    except KeyError:
        raise HTTPException(status_code=404, detail="unknown format") from None
    return Response(
        body,
        media_type=media_type,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/sessions/{code}/themes")
def read_themes(live: LiveDep, db: DbDep, deck: DeckDep, lang: Language | None = None) -> ThemesOut:
    """Themes, card tags and key phrases, only once at least k people have contributed."""
    language = lang or live.lang
    figures = session_figures(db, deck, live)
    if not figures.enough:
        return ThemesOut(
            enough=False,
            message=translate(language, "Not enough responses yet"),
            themes=[],
            tags=[],
            phrases=[],
        )
    return ThemesOut(
        enough=True,
        message=None,
        themes=[
            RoomThemeRow(label=t.label, count=t.people, quote=t.quote) for t in figures.shown_themes
        ],
        tags=[
            ThemeRow(label=translate(language, THEMES[tag]), count=count)
            for tag, count in figures.theme_tags
        ],
        phrases=[
            ThemeRow(label=p.phrase, count=p.contributors) for p in figures.key_phrases(top=8)
        ],
    )


# Evidence (#15): the before-and-after check and the vote on actions ------------------


class StatementOut(BaseModel):
    id: str
    en: str
    cy: str


class CheckAnswers(BaseModel):
    stage: Literal["before", "after"]
    scores: dict[str, int] = Field(description="Statement id → 1 (strongly disagree) to 5.")


class Votes(BaseModel):
    reflections: list[int] = Field(min_length=1, max_length=3)


class BandOut(BaseModel):
    band: str
    label: str
    count: int


class StageOut(BaseModel):
    enough: bool
    respondents: int | None
    bands: list[BandOut]
    held_back: bool


class ConfidenceOut(BaseModel):
    statement: str
    text: str
    before: StageOut
    after: StageOut


class ActionOut(BaseModel):
    level: str
    text: str
    votes: int


class EvidenceOut(BaseModel):
    check_stage: str
    vote_state: str
    confidence: list[ConfidenceOut]
    vote_held: bool
    voters: int | None = Field(description="null until at least k devices have voted.")
    actions: list[ActionOut]


@router.get("/statements")
def list_statements() -> list[StatementOut]:
    """The fixed statements a session's before-and-after check may use."""
    return [StatementOut(id=s.id, en=s.text["en"], cy=s.text["cy"]) for s in statements().values()]


def _device(db: DbDep, live: LiveSession, token: str) -> str:
    if store.participant(db, live=live, device_token=token) is None:
        raise HTTPException(status_code=401, detail="join the session first")
    return token


@router.post(
    "/sessions/{code}/check", status_code=204, responses={**AUTH_RESPONSES, **CONFLICT_RESPONSES}
)
def answer_check(
    live: LiveDep,
    body: CheckAnswers,
    db: DbDep,
    broker: BrokerDep,
    x_device_token: Annotated[str, Header()] = "",
) -> Response:
    """Answer one stage of the check; anonymous, once per device and stage."""
    token = _device(db, live, x_device_token)
    try:
        actions.answer_check(
            db, broker, live=live, device_token=token, stage=body.stage, scores=body.scores
        )
    except store.StoreError as exc:
        raise _refuse(live, exc) from exc
    return Response(status_code=204)


@router.post(
    "/sessions/{code}/votes", status_code=204, responses={**AUTH_RESPONSES, **CONFLICT_RESPONSES}
)
def cast_votes(
    live: LiveDep,
    body: Votes,
    db: DbDep,
    broker: BrokerDep,
    x_device_token: Annotated[str, Header()] = "",
) -> Response:
    """Vote for up to three revealed "What could change?" reflections, once per device."""
    token = _device(db, live, x_device_token)
    try:
        actions.vote(db, broker, live=live, device_token=token, reflection_ids=body.reflections)
    except store.StoreError as exc:
        raise _refuse(live, exc) from exc
    return Response(status_code=204)


@router.get("/sessions/{code}/evidence")
def read_evidence(live: FacilitatorDep, db: DbDep, lang: Language | None = None) -> EvidenceOut:
    """Confidence before and after, and the actions voted for; all past the k-threshold."""
    language = lang or live.lang

    def stage(counts: BandCounts) -> StageOut:
        return StageOut(
            enough=counts.enough,
            respondents=counts.respondents,
            bands=[BandOut(band=c.key, label=c.label, count=c.count) for c in counts.bands],
            held_back=counts.held_back,
        )

    agreed = actions_agreed(db, live)
    return EvidenceOut(
        check_stage=live.check_stage,
        vote_state=live.vote_state,
        confidence=[
            ConfidenceOut(
                statement=item.key,
                text=item.statement,
                before=stage(item.before),
                after=stage(item.after),
            )
            for item in confidence(db, live, language)
        ],
        vote_held=agreed.held,
        voters=agreed.voters,
        actions=[ActionOut(level=a.level, text=a.text, votes=a.votes) for a in agreed.items],
    )


# Redaction preview (solo mode and anyone checking text before they share it).


class RedactRequest(BaseModel):
    text: str
    lang: Language = "en"


class RedactResponse(BaseModel):
    redacted: str
    removed: list[str]


@router.post(
    "/redact",
    response_model=RedactResponse,
    responses={
        **ERROR_RESPONSES,
        422: {"model": ApiError, "description": "Too long (message in the text's language)"},
    },
)
def redact_preview(body: RedactRequest) -> Response:
    """Preview what redaction would remove. Nothing is stored or logged: the text lives
    only in this request."""
    headers = {"Cache-Control": "no-store"}
    if len(body.text) > REDACT_MAX:
        message = i18n.translate(
            body.lang, _("This text is too long to check. The limit is %(max)s characters.")
        ) % {"max": f"{REDACT_MAX:,}"}
        return api_error(422, message, headers=headers)
    result = redact(clean_text(body.text), body.lang)
    payload = RedactResponse(redacted=result.text, removed=describe(result.counts, body.lang))
    return JSONResponse(payload.model_dump(), headers=headers)
