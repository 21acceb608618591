"""A session summary as an editable Word document (headings, real tables, a PNG chart)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, time
from io import BytesIO

from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

from app.charts import bar_chart_png
from app.exports import common
from app.exports.common import t
from app.exports.summary import Count, SessionSummary
from app.i18n import _

BRAND = RGBColor(0x1D, 0x5C, 0x57)
INK = RGBColor(0x1B, 0x26, 0x31)
SOFT = RGBColor(0x4A, 0x56, 0x63)
WORD_LANGUAGES = {"en": "en-GB", "cy": "cy-GB"}
_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")
# Characters XML 1.0 cannot hold; python-docx refuses them, so they are dropped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(value: object) -> str:
    return _NOT_XML.sub("", str(value))


def _set_language(document: DocumentObject, lang: str) -> None:
    """Tell Word which language the text is in, so its spelling checker and readers follow."""
    code = WORD_LANGUAGES.get(common.document_lang(lang), lang)
    document.core_properties.language = code
    rpr = document.styles["Normal"].element.get_or_add_rPr()
    element = OxmlElement("w:lang")
    element.set(qn("w:val"), code)
    rpr.append(element)


def _style(document: DocumentObject) -> None:
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.font.color.rgb = INK
    for name, size in (("Title", 24), ("Heading 1", 16), ("Heading 2", 13), ("Heading 3", 11)):
        style = document.styles[name]
        style.font.name = "Arial"
        style.font.size = Pt(size)
        style.font.color.rgb = INK if name in ("Title", "Heading 2") else BRAND
    for section in document.sections:
        section.page_height, section.page_width = Cm(29.7), Cm(21.0)
        section.left_margin = section.right_margin = Cm(2.0)
        section.top_margin = section.bottom_margin = Cm(2.0)


def _field(paragraph: Paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_numbers(document: DocumentObject, lang: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    sentence = t(lang, _("Page %(page)s of %(pages)s"))
    for index, piece in enumerate(_PLACEHOLDER.split(sentence)):
        if index % 2:
            _field(paragraph, "PAGE" if piece == "page" else "NUMPAGES")
        elif piece:
            paragraph.add_run(piece)


def _note(document: DocumentObject, text: str) -> None:
    run = document.add_paragraph().add_run(text)
    run.italic = True
    run.font.color.rgb = SOFT


def _bullets(document: DocumentObject, items: Sequence[str]) -> None:
    for item in items:
        document.add_paragraph(_x(item), style="List Bullet")


def _table(
    document: DocumentObject,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[object]],
    *,
    row_headers: bool = False,
) -> Table:
    """A real Word table: a bold header row (repeated on each page) or bold first column."""
    width = len(header) if header else len(rows[0])
    table = document.add_table(rows=0, cols=width)
    table.style = "Table Grid"
    if header:
        head = table.add_row()
        # Repeat the header row on each page; it also marks the row as headers for readers.
        head._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, text in zip(head.cells, header, strict=True):
            cell.paragraphs[0].add_run(_x(text)).bold = True
    for row in rows:
        cells = table.add_row().cells
        for index, (cell, value) in enumerate(zip(cells, row, strict=True)):
            run = cell.paragraphs[0].add_run(_x(value))
            run.bold = row_headers and index == 0
            if isinstance(value, int):
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()
    return table


def _counts(document: DocumentObject, label: str, people: str, counts: Sequence[Count]) -> None:
    _table(document, (label, people), [(c.label, c.count) for c in counts])


def _chart(document: DocumentObject, chart: common.Chart) -> None:
    if not chart.rows:
        return
    png = bar_chart_png(chart.rows, title=chart.title)
    shape = document.add_picture(BytesIO(png), width=Cm(15))
    doc_pr = shape._inline.docPr
    figures = "; ".join(f"{label}: {count}" for label, count in chart.rows)
    doc_pr.set("title", _x(chart.title))
    doc_pr.set("descr", _x(f"{chart.title}. {chart.desc} {figures}."))


def summary_docx(summary: SessionSummary, lang: str | None = None) -> bytes:
    """Render ``summary`` as a .docx document, labelled in ``lang``."""
    lang = common.export_lang(summary, lang)
    not_enough = t(lang, common.NOT_ENOUGH)
    people = t(lang, _("People"))
    document = Document()
    _style(document)
    _set_language(document, lang)
    _page_numbers(document, lang)
    properties = document.core_properties
    properties.title = _x(summary.title)
    properties.subject = t(lang, _("Session summary"))
    properties.author = properties.last_modified_by = t(lang, _("Check your thinking"))
    properties.comments = ""
    properties.created = properties.modified = datetime.combine(summary.day, time(), UTC)
    properties.revision = 1

    document.add_heading(_x(summary.title), level=0)
    if summary.interim_at is not None:
        document.add_paragraph().add_run(_x(common.interim_note(lang, summary))).bold = True
    plan = summary.plan_title or t(lang, _("None"))
    _table(
        document,
        None,
        [
            (t(lang, _("Date")), common.format_day(lang, summary)),
            (t(lang, _("Session plan")), plan),
            (t(lang, _("Participants")), common.participants_text(lang, summary)),
            (t(lang, _("Reflections included")), common.include_label(lang, summary)),
        ],
        row_headers=True,
    )

    for card in summary.cards:
        document.add_heading(_x(common.card_heading(lang, card)), level=1)
        document.add_paragraph(_x(card.message), style="Quote")
        if not card.enough:
            _note(document, not_enough)
            continue
        _note(document, common.contributors_text(lang, card))
        document.add_heading(t(lang, _("Reflections")), level=2)
        thinking = common.thinking(card)
        if thinking:
            _bullets(document, thinking)
        else:
            _note(document, t(lang, common.NO_REFLECTIONS))
        changes = common.changes_by_level(card.changes, card)
        if changes:
            document.add_heading(t(lang, _("What could change?")), level=2)
            for level, items in changes:
                document.add_heading(_x(common.level_label(lang, level) or level), level=3)
                _bullets(document, items)
        if card.themes:
            document.add_heading(t(lang, _("Themes")), level=2)
            _counts(document, t(lang, _("Theme")), people, card.themes)
        if card.key_phrases:
            document.add_heading(t(lang, _("Key phrases")), level=2)
            _counts(document, t(lang, _("Phrase")), people, card.key_phrases)

    document.add_heading(t(lang, _("Themes")), level=1)
    if summary.themes:
        _chart(document, common.themes_chart(lang, summary))
        _counts(document, t(lang, _("Theme")), people, summary.themes)
        quotes = common.theme_quotes(summary.themes)
        if quotes:
            document.add_heading(t(lang, common.QUOTES_HEADING), level=2)
            _bullets(document, [f"{label}: “{quote}”" for label, quote in quotes])
    else:
        _note(document, not_enough)
    document.add_heading(t(lang, _("Key phrases")), level=1)
    if summary.key_phrases:
        _counts(document, t(lang, _("Phrase")), people, summary.key_phrases)
    else:
        _note(document, not_enough)
    session_changes = common.changes_by_level(summary.changes_by_level)
    if session_changes:
        document.add_heading(t(lang, _("What could change? All cards")), level=1)
        for level, items in session_changes:
            document.add_heading(_x(common.level_label(lang, level) or level), level=2)
            _bullets(document, items)
    _evidence(document, summary, lang)
    document.add_heading(t(lang, _("Role groups")), level=1)
    if summary.role_groups:
        _chart(document, common.role_groups_chart(lang, summary))
        _counts(document, t(lang, _("Role group")), people, summary.role_groups)
    else:
        _note(document, not_enough)
    if summary.role_groups_hidden:
        _note(document, t(lang, common.ROLE_GROUPS_HIDDEN))
    document.add_heading(t(lang, _("About this summary")), level=1)
    document.add_paragraph(common.privacy_note(lang, summary))

    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _evidence(document: DocumentObject, summary: SessionSummary, lang: str) -> None:
    """Confidence before and after (when the check was used), and the actions agreed."""
    if summary.confidence:
        document.add_heading(t(lang, common.CONFIDENCE_HEADING), level=1)
        for item in summary.confidence:
            document.add_heading(_x(item.statement), level=2)
            _note(document, common.respondents_text(lang, item))
            header = (t(lang, _("Answer")), t(lang, _("Before")), t(lang, _("After")))
            _table(document, header, common.confidence_rows(lang, item))
            note = common.confidence_note(lang, item)
            if note:
                _note(document, note)
    document.add_heading(t(lang, common.ACTIONS_HEADING), level=1)
    _note(document, common.actions_note(lang, summary))
    for level, items in common.agreed_by_level(summary):
        document.add_heading(_x(common.level_label(lang, level)), level=2)
        for action in items:
            text = f"{action.text} ({common.votes_text(lang, action.votes)})"
            document.add_paragraph(_x(text), style="List Number")
