"""A session summary as one standalone, print-friendly HTML page (also the PDF's source)."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment
from markupsafe import Markup

from app.charts import bar_chart_svg
from app.config import PROJECT_ROOT
from app.exports import common
from app.exports.summary import SessionSummary
from app.web import build_environment, render_string

TEMPLATES_DIR = PROJECT_ROOT / "templates"
STATIC_DIR = PROJECT_ROOT / "static"
CSS_DIR = STATIC_DIR / "css"
STYLESHEET = CSS_DIR / "print-summary.css"
_IMPORT = re.compile(r'^@import url\("([\w.-]+\.css)"\);$', re.MULTILINE)


@cache
def environment() -> Environment:
    """The app's own Jinja set-up (autoescape, StrictUndefined, gettext), for exports."""
    return build_environment(TEMPLATES_DIR)


def render_template(name: str, lang: str, context: dict[str, Any]) -> str:
    """Render an export template with ``_()`` and ``ngettext()`` speaking ``lang``."""
    return render_string(environment(), name, lang, context)


def css_base_url() -> str:
    """Where relative ``url()``s in a print stylesheet resolve (e.g. ``../fonts/``)."""
    return CSS_DIR.as_uri() + "/"


@cache
def print_stylesheet(path: Path) -> str:
    """A print stylesheet with its ``@import``s of sibling files written in place.

    Browsers follow the ``@import`` of ``print-base.css`` (the shipped font, the palette)
    themselves; WeasyPrint and a downloaded HTML file get one self-contained sheet.
    """
    return _IMPORT.sub(
        lambda match: (path.parent / match[1]).read_text(encoding="utf-8"),
        path.read_text(encoding="utf-8"),
    )


def stylesheet() -> str:
    return print_stylesheet(STYLESHEET)


def _chart(chart: common.Chart) -> Markup | None:
    if not chart.rows:
        return None
    # Labels come from the summary; bar_chart_svg escapes every piece of text it writes.
    return Markup(bar_chart_svg(chart.rows, title=chart.title, desc=chart.desc))


def summary_html(
    summary: SessionSummary,
    lang: str | None = None,
    *,
    stylesheet_href: str | None = None,
    embed_css: bool = True,
) -> str:
    """Render ``summary`` as a complete HTML document.

    A downloaded file carries its CSS in a ``<style>`` element so it looks right when
    opened from disk; a page the app serves passes ``stylesheet_href`` instead, because
    the app's Content-Security-Policy refuses inline styles. The PDF passes neither and
    hands the stylesheet to WeasyPrint directly.
    """
    lang = common.export_lang(summary, lang)
    cards = [
        {
            "card": card,
            "heading": common.card_heading(lang, card),
            "contributors": common.contributors_text(lang, card),
            "thinking": common.thinking(card),
            "changes": [
                (common.level_label(lang, level) or level, items)
                for level, items in common.changes_by_level(card.changes, card)
            ],
        }
        for card in summary.cards
    ]
    context = {
        "document_lang": common.document_lang(lang),
        "summary": summary,
        "cards": cards,
        "day": common.format_day(lang, summary),
        "participants": common.participants_text(lang, summary),
        "included": common.include_label(lang, summary),
        "privacy_note": common.privacy_note(lang, summary),
        "interim_note": common.interim_note(lang, summary),
        "session_changes": [
            (common.level_label(lang, level) or level, items)
            for level, items in common.changes_by_level(summary.changes_by_level)
        ],
        "confidence": [
            {
                "item": item,
                "answered": common.respondents_text(lang, item),
                "rows": common.confidence_rows(lang, item),
                "note": common.confidence_note(lang, item),
            }
            for item in summary.confidence
        ],
        "actions_note": common.actions_note(lang, summary),
        "agreed": [
            (
                common.level_label(lang, level),
                [(a.text, common.votes_text(lang, a.votes)) for a in items],
            )
            for level, items in common.agreed_by_level(summary)
        ],
        "themes_chart": _chart(common.themes_chart(lang, summary)),
        "roles_chart": _chart(common.role_groups_chart(lang, summary)),
        "stylesheet_href": stylesheet_href,
        "css": Markup(stylesheet()) if embed_css and not stylesheet_href else None,
    }
    return render_template("exports/summary.html", lang, context)
