"""A session summary as Markdown: readable as plain text, tidy when rendered."""

from __future__ import annotations

import re
from collections.abc import Sequence

from app.exports import common
from app.exports.common import t
from app.exports.summary import Count, SessionSummary
from app.i18n import _

# Backslash-escape what could turn someone's words into Markdown or HTML structure.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|~])")
_LINE_START = re.compile(r"^(\s*)([-+]|\d+[.)])")


def escape(text: str) -> str:
    """Make free text inert in Markdown: one line, no markup, no raw HTML."""
    flat = " ".join(text.split())
    return _LINE_START.sub(r"\1\\\2", _SPECIAL.sub(r"\\\1", flat))


def _table(header: tuple[str, str], counts: Sequence[Count]) -> list[str]:
    lines = [f"| {escape(header[0])} | {escape(header[1])} |", "| --- | ---: |"]
    lines += [f"| {escape(c.label)} | {c.count} |" for c in counts]
    return [*lines, ""]


def _bullets(items: Sequence[str]) -> list[str]:
    return [*(f"- {escape(item)}" for item in items), ""]


def summary_markdown(summary: SessionSummary, lang: str | None = None) -> str:
    """Render ``summary`` as Markdown, with labels in ``lang`` (default: the summary's)."""
    lang = common.export_lang(summary, lang)
    not_enough = t(lang, common.NOT_ENOUGH)
    people = t(lang, _("People"))
    out = [f"# {escape(summary.title)}", ""]
    if summary.interim_at is not None:
        out += [f"**{escape(common.interim_note(lang, summary))}**", ""]
    out += [
        f"- **{t(lang, _('Date'))}:** {common.format_day(lang, summary)}",
        f"- **{t(lang, _('Session plan'))}:** "
        + (escape(summary.plan_title) if summary.plan_title else t(lang, _("None"))),
        f"- **{t(lang, _('Participants'))}:** {common.participants_text(lang, summary)}",
        f"- **{t(lang, _('Reflections included'))}:** {common.include_label(lang, summary)}",
        "",
    ]

    for card in summary.cards:
        out += [
            f"## {escape(common.card_heading(lang, card))}",
            "",
            # One quoted paragraph per language (Welsh first in a bilingual summary).
            "\n>\n".join(f"> {escape(part)}" for part in card.message.split("\n\n")),
            "",
        ]
        if not card.enough:
            out += [f"*{not_enough}*", ""]
            continue
        out += [f"*{common.contributors_text(lang, card)}*", ""]
        out += [f"### {t(lang, _('Reflections'))}", ""]
        thinking = common.thinking(card)
        out += _bullets(thinking) if thinking else [t(lang, common.NO_REFLECTIONS), ""]
        changes = common.changes_by_level(card.changes, card)
        if changes:
            out += [f"### {t(lang, _('What could change?'))}", ""]
            for level, items in changes:
                out += [f"#### {common.level_label(lang, level) or escape(level)}", ""]
                out += _bullets(items)
        if card.themes:
            out += [f"### {t(lang, _('Themes'))}", ""]
            out += _table((t(lang, _("Theme")), people), card.themes)
        if card.key_phrases:
            out += [f"### {t(lang, _('Key phrases'))}", ""]
            out += _table((t(lang, _("Phrase")), people), card.key_phrases)

    out += [f"## {t(lang, _('Themes'))}", ""]
    out += (
        _table((t(lang, _("Theme")), people), summary.themes)
        if summary.themes
        else [not_enough, ""]
    )
    quotes = common.theme_quotes(summary.themes)
    if quotes:
        out += [f"### {t(lang, common.QUOTES_HEADING)}", ""]
        out += [f"- **{escape(label)}:** “{escape(quote)}”" for label, quote in quotes] + [""]
    out += [f"## {t(lang, _('Key phrases'))}", ""]
    out += (
        _table((t(lang, _("Phrase")), people), summary.key_phrases)
        if summary.key_phrases
        else [not_enough, ""]
    )
    session_changes = common.changes_by_level(summary.changes_by_level)
    if session_changes:
        out += [f"## {t(lang, _('What could change? All cards'))}", ""]
        for level, items in session_changes:
            out += [f"### {common.level_label(lang, level) or escape(level)}", ""]
            out += _bullets(items)
    out += _evidence(summary, lang)
    out += [f"## {t(lang, _('Role groups'))}", ""]
    out += (
        _table((t(lang, _("Role group")), people), summary.role_groups)
        if summary.role_groups
        else [not_enough, ""]
    )
    if summary.role_groups_hidden:
        out += [f"*{t(lang, common.ROLE_GROUPS_HIDDEN)}*", ""]
    out += [f"## {t(lang, _('About this summary'))}", "", common.privacy_note(lang, summary), ""]
    return "\n".join(out)


def _evidence(summary: SessionSummary, lang: str) -> list[str]:
    """Confidence before and after (when the check was used), and the actions agreed."""
    out: list[str] = []
    if summary.confidence:
        out += [f"## {t(lang, common.CONFIDENCE_HEADING)}", ""]
        for item in summary.confidence:
            out += [
                f"### {escape(item.statement)}",
                "",
                f"*{common.respondents_text(lang, item)}*",
                "",
            ]
            out += [
                f"| {t(lang, _('Answer'))} | {t(lang, _('Before'))} | {t(lang, _('After'))} |",
                "| --- | ---: | ---: |",
            ]
            out += [
                f"| {escape(a)} | {b} | {c} |" for a, b, c in common.confidence_rows(lang, item)
            ]
            out.append("")
            note = common.confidence_note(lang, item)
            if note:
                out += [f"*{note}*", ""]
    out += [
        f"## {t(lang, common.ACTIONS_HEADING)}",
        "",
        f"*{common.actions_note(lang, summary)}*",
        "",
    ]
    for level, items in common.agreed_by_level(summary):
        out += [f"### {common.level_label(lang, level)}", ""]
        out += [f"1. {escape(a.text)} ({common.votes_text(lang, a.votes)})" for a in items]
        out.append("")
    return out
