"""Build the one SessionSummary from the store: redacted again and thresholded."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from sqlmodel import Session

from app import evidence, store
from app.aggregates import SessionFigures, ShownTheme, session_figures
from app.content.deck import Deck
from app.content.themes import LEVELS
from app.exports.summary import (
    INCLUDE_ALL,
    INCLUDE_REVEALED,
    CardSummary,
    Count,
    SessionSummary,
    SummaryReflection,
)
from app.i18n import spoken, translate
from app.models import LiveSession, Reflection, utcnow
from app.privacy.redact import redact
from app.roles import ROLE_GROUPS


def _exportable(reflection: Reflection, include: str) -> bool:
    if reflection.hidden:
        return False
    return include == INCLUDE_ALL or reflection.revealed


def _theme_counts(shown: list[ShownTheme], figures: SessionFigures, lang: str) -> tuple[Count, ...]:
    """The facilitator's themes with their people and quote. A quote is exported only
    when its card passed the threshold, the rule every exported reflection follows."""
    return tuple(
        Count(
            t.ref,
            _guarded(t.label, lang),
            t.people,
            _guarded(t.quote, lang)
            if t.quote and t.quote_card is not None and figures.card_enough(t.quote_card)
            else None,
        )
        for t in shown
    )


def _guarded(text: str, lang: str) -> str:
    # Stored text was redacted on the way in; redacting again guards against any
    # identifier a later, better rule would now catch.
    return redact(text, lang).text


def build_summary(
    db: Session,
    deck: Deck,
    live: LiveSession,
    *,
    lang: str,
    include: str = INCLUDE_REVEALED,
    now: datetime | None = None,
) -> SessionSummary:
    """Everything an export may contain, in ``lang``; nothing below the k-threshold.

    ``lang`` ``"both"`` gives card titles, messages and labels in Welsh then English;
    reflections are the room's own words, in whichever language they were written, once.
    """
    if include not in (INCLUDE_REVEALED, INCLUDE_ALL):
        raise ValueError(f"include must be {INCLUDE_REVEALED!r} or {INCLUDE_ALL!r}")
    k = live.k_threshold
    figures = session_figures(db, deck, live)
    everything = figures.reflections
    contributors = figures.contributors
    dealt = store.dealt_card_numbers(live)
    cards: list[CardSummary] = []
    changes_by_level: dict[str, list[str]] = {level: [] for level in LEVELS}
    for number in dealt:
        card = deck.card_by_number(number)
        if card is None:
            continue
        texts = [card.text(one) for one in spoken(lang)]  # Welsh first when "both"
        people = contributors.get(number, set())
        suppressed = CardSummary(
            number=number,
            slug=card.slug,
            title=" / ".join(text.title for text in texts),
            message="\n\n".join(text.message_text for text in texts),
            enough=False,
            contributors=None,
        )
        if not figures.card_enough(number):
            cards.append(suppressed)
            continue
        chosen = [r for r in everything if r.card_number == number and _exportable(r, include)]
        items = tuple(
            SummaryReflection(
                card_number=number,
                kind=r.kind,
                level=r.level,
                phase=r.phase,
                text=_guarded(r.text, live.lang),
            )
            for r in chosen
        )
        changes: dict[str, list[str]] = {}
        for item in items:
            if item.kind == "change" and item.level:
                changes.setdefault(item.level, []).append(item.text)
                changes_by_level[item.level].append(item.text)
        phrases = tuple(
            Count(p.phrase, p.phrase, p.contributors)
            for p in figures.key_phrases(top=6, card=number)
        )
        cards.append(
            replace(
                suppressed,
                enough=True,
                contributors=len(people),
                reflections=items,
                key_phrases=phrases,
                themes=_theme_counts(figures.card_themes(number), figures, live.lang),
                changes={level: tuple(texts) for level, texts in changes.items()},
            )
        )
    themes = _theme_counts(figures.shown_themes, figures, live.lang)
    session_phrases = tuple(
        Count(p.phrase, p.phrase, p.contributors) for p in figures.key_phrases(top=10)
    )
    role_groups = tuple(
        Count(group, translate(lang, ROLE_GROUPS[group]), count)
        for group, count in figures.role_groups_shown
    )
    joined = store.participant_count(db, live=live)
    agreed = evidence.actions_agreed(db, live)
    agreed = replace(
        agreed, items=tuple(replace(a, text=_guarded(a.text, live.lang)) for a in agreed.items)
    )
    plan = deck.plan(live.plan_slug) if live.plan_slug else None
    return SessionSummary(
        code=live.code,
        title=_guarded(live.title, live.lang),
        lang=lang,
        day=live.created_at.date(),
        plan_title=" / ".join(plan.text(one).title for one in spoken(lang)) if plan else None,
        k_threshold=k,
        include=include,
        participants=joined if joined >= k else None,
        cards=tuple(cards),
        themes=themes,
        key_phrases=session_phrases,
        role_groups=role_groups,
        role_groups_hidden=bool(figures.role_groups.suppressed),
        changes_by_level={
            level: tuple(texts) for level, texts in changes_by_level.items() if texts
        },
        confidence=evidence.confidence(db, live, lang),
        actions=agreed,
        interim_at=None if live.status == "ended" else (now or utcnow()),
    )


def export_session(
    db: Session,
    deck: Deck,
    live: LiveSession,
    *,
    fmt: str,
    lang: str | None = None,
    include: str = INCLUDE_REVEALED,
    stylesheet_href: str | None = None,
) -> tuple[bytes, str, str]:
    """(file contents, media type, file name) for one session in one format.

    ``stylesheet_href`` serves the HTML summary as a page of this app (its CSP refuses
    inline styles); without it the HTML carries its own CSS, for a file opened from disk.
    """
    from app.exports.formats import FORMATS, download_name
    from app.exports.html import summary_html

    if fmt not in FORMATS:
        raise KeyError(fmt)
    lang = lang or live.session_lang  # a bilingual session exports in both by default
    summary = build_summary(db, deck, live, lang=lang, include=include)
    if fmt == "html" and stylesheet_href:
        body = summary_html(summary, lang, stylesheet_href=stylesheet_href, embed_css=False).encode(
            "utf-8"
        )
    else:
        body = FORMATS[fmt].render(summary, lang)
    return body, FORMATS[fmt].media_type, download_name(summary, fmt)
