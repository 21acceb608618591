"""Live fragments: the small HTML pieces each audience receives when something changes.

The same partial template renders inside the full page, for a Server-Sent Event, and for
the polling fallback, so the three can never drift apart.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI
from sqlmodel import Session

from app import evidence, store
from app.live import actions, views
from app.web import render_string

Builder = Callable[[Session, FastAPI, Any, str, dict[str, Any]], dict[str, Any]]


def _public_url(app: FastAPI, live: Any) -> str:
    return views.session_base_url(app.state.settings, live)


@dataclass(frozen=True)
class Fragment:
    template: str
    build: Builder
    snapshot: bool = True  # sent to every stream on (re)connect; False: on its event only


# Each builder gathers only what its template shows (see app/live/views.py).
FRAGMENTS: dict[str, dict[str, Fragment]] = {
    "phone": {
        "card": Fragment(
            "partials/_participant_card.html",
            lambda db, app, live, lang, extra: views.phone_context(app.state.deck, live, lang),
        ),
        # The same for every phone: it asks for the phone's own check, vote or take-away.
        "evidence": Fragment(
            "partials/_participant_evidence_live.html",
            lambda db, app, live, lang, extra: {"live": live},
        ),
        # Says only "a reply was sent": each phone that raised a concern then fetches its
        # own (see partials/_participant_concern_reply.html); replies never travel in a
        # fragment every phone shares.
        "reply": Fragment(
            "partials/_participant_reply_ping.html",
            lambda db, app, live, lang, extra: {},
            snapshot=False,
        ),
    },
    "screen": {
        "stage": Fragment(
            "partials/_projector_stage.html",
            lambda db, app, live, lang, extra: views.stage_part(
                db, app.state.deck, live, lang, _public_url(app, live)
            ),
        ),
        "revealed": Fragment(
            "partials/_projector_revealed.html",
            lambda db, app, live, lang, extra: views.revealed_part(db, app.state.deck, live),
        ),
        "themes": Fragment(
            "partials/_projector_themes.html",
            lambda db, app, live, lang, extra: views.themes_part(db, app.state.deck, live, lang),
        ),
        "evidence": Fragment(
            "partials/_projector_evidence.html",
            lambda db, app, live, lang, extra: evidence.room_part(db, live, lang, large=True),
        ),
    },
    "console": {
        "state": Fragment(
            "partials/_facilitator_state.html",
            lambda db, app, live, lang, extra: views.state_part(db, app.state.deck, live, lang),
        ),
        "reflections": Fragment(
            "partials/_facilitator_reflections.html",
            lambda db, app, live, lang, extra: views.reflections_part(db, app.state.deck, live),
        ),
        "counts": Fragment(
            "partials/_facilitator_counts.html",
            lambda db, app, live, lang, extra: views.counts_part(db, app.state.deck, live, lang),
        ),
        "notes": Fragment(
            "partials/_facilitator_notes.html",
            lambda db, app, live, lang, extra: views.notes_part(app.state.deck, live, lang),
        ),
        "concerns": Fragment(
            "partials/_facilitator_concerns.html",
            lambda db, app, live, lang, extra: views.concerns_part(db, live),
        ),
        "themes": Fragment(
            "partials/_facilitator_themes.html",
            lambda db, app, live, lang, extra: views.console_themes_part(db, app.state.deck, live),
        ),
        "evidence": Fragment(
            "partials/_facilitator_evidence.html",
            lambda db, app, live, lang, extra: evidence.room_part(db, live, lang),
        ),
    },
}

# Which fragments each event refreshes, per audience.
UPDATES: dict[str, dict[str, tuple[str, ...]]] = {
    "phone": {
        actions.STATE: ("card",),
        actions.REPLY: ("reply",),
        actions.EVIDENCE_STAGE: ("evidence",),
    },
    "screen": {
        actions.STATE: ("stage", "revealed"),
        actions.REFLECTIONS: ("revealed", "themes", "evidence"),
        actions.JOINED: ("stage",),
        actions.EVIDENCE: ("evidence",),
        actions.EVIDENCE_STAGE: ("evidence",),
    },
    "console": {
        actions.STATE: ("state", "reflections", "counts", "notes"),
        actions.REFLECTIONS: ("reflections", "counts", "themes", "evidence"),
        actions.JOINED: ("state", "themes"),
        actions.CONCERN: ("concerns",),
        actions.EVIDENCE: ("evidence",),
        actions.EVIDENCE_STAGE: ("evidence",),
    },
}


def render_fragment(
    app: FastAPI, view: str, name: str, code: str, lang: str, extra: dict[str, Any] | None = None
) -> str | None:
    """Render one fragment from the store's current state (runs in a worker thread).

    ``extra`` adds context that is the same for every viewer of this fragment (the
    console's base URL), so rendered fragments can still be shared through the cache.

    The projector speaks the session's language whatever ``lang`` the browser asked for:
    the room, not the laptop, decides (a bilingual session shows Welsh, then English).
    """
    fragment = FRAGMENTS[view][name]
    with Session(app.state.engine, expire_on_commit=False) as db:
        live = store.session_by_code(db, code=code)
        if live is None:
            return None
        langs = live.languages if view == "screen" else (lang,)
        context = fragment.build(db, app, live, langs[0], extra or {})
        context.update(view=view, fragment=name, code=code, csrf_token="", base="", langs=langs)
        context.update(extra or {})
        return render_string(app.state.jinja, fragment.template, langs[0], context)


class FragmentCache:
    """Rendered fragments keyed by (session, event id, view, name, language).

    A deal to 1,000 phones renders the card once per language, not 1,000 times.
    """

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int, str, str, str], Any] = OrderedDict()

    def get(self, key: tuple[str, int, str, str, str]) -> Any:
        value = self._items.get(key)
        if value is not None:
            self._items.move_to_end(key)
        return value

    def put(self, key: tuple[str, int, str, str, str], value: Any) -> None:
        self._items[key] = value
        self._items.move_to_end(key)
        while len(self._items) > self.size:
            self._items.popitem(last=False)
