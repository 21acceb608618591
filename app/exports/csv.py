"""Spreadsheets: one row per reflection, and the theme and key-phrase counts.

Files are UTF-8 with a byte-order mark so Excel opens Welsh letters (â, ŵ, ŷ) correctly.
There is deliberately no author or role-group column: a reflection must not be linkable
to the kind of person who wrote it.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from app.exports import common
from app.exports.common import t
from app.exports.summary import SessionSummary
from app.i18n import _

# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _encode(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_cell(name) for name in header])
    writer.writerows([_cell(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def reflections_csv(summary: SessionSummary, lang: str | None = None) -> bytes:
    """One row per exported reflection; a card below the threshold gets one note row."""
    lang = common.export_lang(summary, lang)
    header = [
        t(lang, _("Card number")),
        t(lang, _("Card title")),
        t(lang, _("Kind")),
        t(lang, _("Level")),
        t(lang, _("Phase")),
        t(lang, _("Reflection")),
    ]
    rows: list[list[object]] = []
    if summary.interim_at is not None:
        rows.append(["", "", "", "", "", common.interim_note(lang, summary)])
    for card in summary.cards:
        if not card.enough:
            rows.append([card.number, card.title, "", "", "", t(lang, common.NOT_ENOUGH)])
            continue
        rows.extend(
            [
                card.number,
                card.title,
                common.kind_label(lang, reflection.kind),
                common.level_label(lang, reflection.level),
                common.phase_label(lang, reflection.phase),
                reflection.text,
            ]
            for reflection in card.reflections
        )
    agreed = t(lang, common.ACTIONS_HEADING)
    if summary.actions.held and not summary.actions.enough:
        rows.append(["", "", agreed, "", "", common.actions_note(lang, summary)])
    rows.extend(
        [
            "",
            "",
            agreed,
            common.level_label(lang, action.level),
            "",
            f"{action.text} ({common.votes_text(lang, action.votes)})",
        ]
        for _level, actions in common.agreed_by_level(summary)
        for action in actions
    )
    return _encode(header, rows)


def themes_csv(summary: SessionSummary, lang: str | None = None) -> bytes:
    """Theme and key-phrase counts, session-wide then per card; suppressed rows say so."""
    lang = common.export_lang(summary, lang)
    header = [
        t(lang, _("Kind")),
        t(lang, _("Card number")),
        t(lang, _("Label")),
        t(lang, _("People")),
        t(lang, _("Note")),
    ]
    theme, phrase = t(lang, _("Theme")), t(lang, _("Key phrase"))
    not_enough = t(lang, common.NOT_ENOUGH)
    rows: list[list[object]] = []
    if summary.interim_at is not None:
        rows.append(["", "", "", "", common.interim_note(lang, summary)])
    for kind, counts in ((theme, summary.themes), (phrase, summary.key_phrases)):
        if not counts:
            rows.append([kind, "", "", "", not_enough])
        rows.extend([kind, "", count.label, count.count, ""] for count in counts)
    quote = t(lang, _("Quote"))
    rows.extend([quote, "", label, "", text] for label, text in common.theme_quotes(summary.themes))
    for item in summary.confidence:
        for band, before, after in common.confidence_rows(lang, item):
            label = f"{item.statement}: {band}"
            for stage, value in ((t(lang, _("Before")), before), (t(lang, _("After")), after)):
                number = value if value.isdigit() else ""
                rows.append(
                    [
                        t(lang, common.CONFIDENCE_HEADING) + f" ({stage})",
                        "",
                        label,
                        number,
                        "" if number else value,
                    ]
                )
    agreed = t(lang, common.ACTIONS_HEADING)
    if summary.actions.held and not summary.actions.enough:
        rows.append([agreed, "", "", "", common.actions_note(lang, summary)])
    rows.extend(
        [agreed, "", f"{common.level_label(lang, action.level)}: {action.text}", action.votes, ""]
        for _level, actions in common.agreed_by_level(summary)
        for action in actions
    )
    for card in summary.cards:
        if not card.enough:
            rows.append([phrase, card.number, "", "", not_enough])
        rows.extend([theme, card.number, count.label, count.count, ""] for count in card.themes)
        rows.extend(
            [phrase, card.number, count.label, count.count, ""] for count in card.key_phrases
        )
    return _encode(header, rows)
