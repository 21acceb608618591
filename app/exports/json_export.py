"""A session summary as JSON, described by ``summary.schema.json`` (see docs/exports.md)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from app.exports import common
from app.exports.common import t
from app.exports.summary import BandCounts, CardSummary, ConfidenceItem, Count, SessionSummary

FORMAT = "check-your-thinking/session-summary"
SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("summary.schema.json")


def _counts(counts: tuple[Count, ...]) -> list[dict[str, Any]]:
    return [{"key": c.key, "label": c.label, "count": c.count} for c in counts]


def _themes(counts: tuple[Count, ...]) -> list[dict[str, Any]]:
    return [{"key": c.key, "label": c.label, "count": c.count, "quote": c.quote} for c in counts]


def _changes(
    changes: dict[str, tuple[str, ...]], card: CardSummary | None = None
) -> dict[str, Any]:
    return {level: list(items) for level, items in common.changes_by_level(changes, card)}


def _card(lang: str, card: CardSummary) -> dict[str, Any]:
    found = {
        "number": card.number,
        "slug": card.slug,
        "title": card.title,
        "message": card.message,
        "enough": card.enough,
        "contributors": card.contributors if card.enough else None,
        "note": None if card.enough else t(lang, common.NOT_ENOUGH),
        "reflections": [
            {"kind": r.kind, "level": r.level, "phase": r.phase, "text": r.text}
            for r in card.reflections
        ]
        if card.enough
        else [],
        "key_phrases": _counts(card.key_phrases) if card.enough else [],
        "changes": _changes(card.changes, card) if card.enough else {},
    }
    if card.enough:  # a card below the threshold carries no themes at all
        found["themes"] = _themes(card.themes)
    return found


def _stage(stage: BandCounts) -> dict[str, Any]:
    return {
        "enough": stage.enough,
        "respondents": stage.respondents,
        "bands": _counts(stage.bands),
        "held_back": stage.held_back,
    }


def _confidence(lang: str, item: ConfidenceItem) -> dict[str, Any]:
    return {
        "statement": item.key,
        "text": item.statement,
        "before": _stage(item.before),
        "after": _stage(item.after),
        "note": common.confidence_note(lang, item),
    }


def summary_dict(summary: SessionSummary, lang: str | None = None) -> dict[str, Any]:
    """The JSON document as Python data (what :func:`summary_json` serialises)."""
    lang = common.export_lang(summary, lang)
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "code": summary.code,
        "title": summary.title,
        "lang": summary.lang,
        "labels_lang": lang,
        "day": summary.day.isoformat(),
        "plan_title": summary.plan_title,
        "k_threshold": summary.k_threshold,
        "include": summary.include,
        "participants": summary.participants,
        "cards": [_card(lang, card) for card in summary.cards],
        "themes": _themes(summary.themes),
        "key_phrases": _counts(summary.key_phrases),
        "role_groups": _counts(summary.role_groups),
        "role_groups_hidden": summary.role_groups_hidden,
        "changes_by_level": _changes(summary.changes_by_level),
        "confidence": [_confidence(lang, item) for item in summary.confidence],
        "actions_agreed": {
            "held": summary.actions.held,
            "enough": summary.actions.enough,
            "voters": summary.actions.voters,
            "note": common.actions_note(lang, summary),
            "items": [
                {"level": a.level, "text": a.text, "votes": a.votes} for a in summary.actions.items
            ],
        },
        "privacy_note": common.privacy_note(lang, summary),
        "interim": (
            {"made_at": summary.interim_at.isoformat(), "note": common.interim_note(lang, summary)}
            if summary.interim_at is not None
            else None
        ),
    }


def summary_json(summary: SessionSummary, lang: str | None = None) -> str:
    """Render ``summary`` as pretty-printed UTF-8 JSON (Welsh letters kept as they are)."""
    return json.dumps(summary_dict(summary, lang), ensure_ascii=False, indent=2) + "\n"


def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded
