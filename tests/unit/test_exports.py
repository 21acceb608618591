"""Every export format, parsed back: content, language, and nothing beyond the summary."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import replace
from html.parser import HTMLParser

import docx
import jsonschema
import pytest
from pypdf import PdfReader

from app.config import PROJECT_ROOT
from app.exports import common
from app.exports.csv import reflections_csv, themes_csv
from app.exports.docx import summary_docx
from app.exports.formats import FORMATS, download_name
from app.exports.html import summary_html
from app.exports.json_export import schema, summary_dict, summary_json
from app.exports.markdown import escape, summary_markdown
from app.exports.pdf import summary_pdf
from app.exports.summary import SessionSummary
from tests.factories import CANARY, SUPPRESSED_CARD, SUPPRESSED_TEXT, make_summary

NOT_ENOUGH = {"en": "Not enough responses to show.", "cy": "Dim digon o ymatebion i'w dangos."}
CARD_1 = {"en": "Card 1: Placement moves", "cy": "Cerdyn 1: Symud lleoliad"}
SUPPRESSED_HEADING = {"en": "Card 4: Going missing", "cy": "Cerdyn 4: Mynd ar goll"}
PRIVACY = {
    "en": "Reflections were anonymised and redacted. Groups with fewer than 3 contributors "
    "are not shown.",
    "cy": "Cafodd y myfyrdodau eu gwneud yn ddienw a thynnwyd manylion adnabod ohonynt. "
    "Nid yw grwpiau â llai na 3 chyfrannwr yn cael eu dangos.",
}


def text_of(fmt: str, body: bytes) -> str:
    """All the readable text in an export, whatever its format."""
    if fmt == "pdf":
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(body)).pages)
    if fmt == "docx":
        document = docx.Document(io.BytesIO(body))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    decoded = body.decode("utf-8-sig")
    return html.unescape(decoded) if fmt == "html" else decoded


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def outputs() -> dict[tuple[str, str], bytes]:
    return {
        (lang, fmt): FORMATS[fmt].render(make_summary(lang), None)
        for lang in ("en", "cy")
        for fmt in FORMATS
    }


# --- Every format ---------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_not_enough_responses_shown_for_suppressed_card(
    outputs: dict[tuple[str, str], bytes], fmt: str, lang: str
) -> None:
    text = flat(text_of(fmt, outputs[(lang, fmt)]))
    assert NOT_ENOUGH[lang] in text
    assert SUPPRESSED_TEXT not in text


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("fmt", list(FORMATS))
def test_hidden_reflection_never_exported(
    outputs: dict[tuple[str, str], bytes], fmt: str, lang: str
) -> None:
    assert CANARY not in text_of(fmt, outputs[(lang, fmt)])
    assert CANARY.encode() not in outputs[(lang, fmt)]


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "themes.csv"])
def test_welsh_summary_exports_welsh_text_and_labels(
    outputs: dict[tuple[str, str], bytes], fmt: str
) -> None:
    text = flat(text_of(fmt, outputs[("cy", fmt)]))
    assert "ŵyr neb pam — ŷm ni'n gwybod?" in text
    if fmt not in ("csv", "json"):
        assert CARD_1["cy"] in text
        assert "Card 1:" not in text
    if fmt in ("md", "html", "pdf", "docx", "json"):
        assert PRIVACY["cy"] in text


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_every_format_is_registered_with_type_and_extension(fmt: str) -> None:
    entry = FORMATS[fmt]
    assert entry.media_type and entry.extension
    assert download_name(make_summary(), fmt) == f"cyt-K7Q2MX-2026-11-25.{entry.extension}"


def test_exports_label_in_the_language_asked_for() -> None:
    summary = make_summary("en")
    assert "Cerdyn 1: Placement moves" in summary_markdown(summary, "cy")
    assert "Card 1: Placement moves" in summary_markdown(summary)


# --- Markdown -------------------------------------------------------------------------


def headings(markdown: str) -> list[tuple[int, str]]:
    return [(len(m[1]), m[2]) for m in re.finditer(r"^(#{1,6}) (.+)$", markdown, re.M)]


def test_markdown_headings_follow_the_session() -> None:
    found = headings(summary_markdown(make_summary("en")))
    assert found[0] == (1, "Induction: Cardiff team")
    level_two = [text for level, text in found if level == 2]
    assert level_two == [
        "Card 1: Placement moves",
        "Card 2: Not only CSE",
        "Card 4: Going missing",
        "Themes",
        "Key phrases",
        "What could change? All cards",
        "Actions we agreed",
        "Role groups",
        "About this summary",
    ]
    card_1 = found[1 : found.index((2, "Card 2: Not only CSE"))]
    assert (3, "Reflections") in card_1
    assert (3, "What could change?") in card_1
    assert [text for level, text in card_1 if level == 4] == ["Me", "Team", "System"]


def test_markdown_suppressed_card_has_only_its_message_and_the_note() -> None:
    markdown = summary_markdown(make_summary("en"))
    section = markdown.split("## Card 4: Going missing")[1].split("\n## ")[0]
    assert "*Not enough responses to show.*" in section
    assert "###" not in section


def test_markdown_lists_date_plan_participants_and_privacy_note() -> None:
    markdown = summary_markdown(make_summary("en"))
    assert "- **Date:** 25 November 2026" in markdown
    assert "- **Session plan:** 90-minute induction for new staff" in markdown
    assert "- **Participants:** 24 participants" in markdown
    assert markdown.rstrip().endswith(PRIVACY["en"])
    welsh = summary_markdown(make_summary("cy"))
    assert "- **Dyddiad:** 25 Tachwedd 2026" in welsh
    assert "## Themâu" in welsh


def test_markdown_escapes_what_people_wrote() -> None:
    assert escape("# Not a heading <script>") == r"\# Not a heading \<script\>"
    assert escape("- not a list\nor two lines") == r"\- not a list or two lines"
    assert escape("[link](http://x)") == r"\[link\](http://x)"
    summary = make_summary("en")
    card = replace(
        summary.cards[0],
        reflections=(replace(summary.cards[0].reflections[0], text="# Sneaky heading"),),
    )
    markdown = summary_markdown(replace(summary, cards=(card,)))
    assert "Sneaky heading" not in [text for _level, text in headings(markdown)]


def test_markdown_counts_show_as_tables() -> None:
    markdown = summary_markdown(make_summary("en"))
    assert "| Theme | People |\n| --- | ---: |\n| Placement stability | 9 |" in markdown
    assert "| Social work | 12 |" in markdown
    assert "Some role groups are not shown" in markdown


# --- CSV ------------------------------------------------------------------------------


def read_csv(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "Excel needs the UTF-8 byte-order mark"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline="")))


def test_reflections_csv_one_row_per_reflection_without_authors() -> None:
    summary = make_summary("en")
    rows = read_csv(reflections_csv(summary))
    header, body = rows[0], rows[1:]
    assert header == ["Card number", "Card title", "Kind", "Level", "Phase", "Reflection"]
    exported = [row for row in body if row[0] != str(SUPPRESSED_CARD)]
    assert len(exported) == len(summary.reflections)
    assert [
        "1",
        "Placement moves",
        "What could change?",
        "Me",
        "Share",
        "Ask what the move will cost in every planning meeting.",
    ] in body
    assert ["4", "Going missing", "", "", "", "Not enough responses to show."] in body


def test_reflections_csv_welsh_round_trips() -> None:
    summary = make_summary("cy")
    rows = read_csv(reflections_csv(summary))
    assert rows[0] == ["Rhif y cerdyn", "Teitl y cerdyn", "Math", "Lefel", "Cam", "Myfyrdod"]
    texts = [row[5] for row in rows[1:]]
    assert [r.text for r in summary.reflections] == texts[: len(summary.reflections)]
    assert "Mae lleoliadau'n chwalu'n rhy gyflym; ŵyr neb pam — ŷm ni'n gwybod?" in texts
    assert ["1", "Symud lleoliad", "Beth allai newid?", "Fi", "Rhannu"] in [r[:5] for r in rows]


def test_reflections_csv_defuses_spreadsheet_formulas() -> None:
    texts = [row[5] for row in read_csv(reflections_csv(make_summary("en")))]
    assert "'=SUM(A1:A9) looks like a formula but is just text." in texts
    assert not any(text.startswith(("=", "+", "-", "@")) for text in texts)


def test_themes_csv_counts_and_suppressed_rows() -> None:
    rows = read_csv(themes_csv(make_summary("en")))
    assert rows[0] == ["Kind", "Card number", "Label", "People", "Note"]
    assert ["Theme", "", "Placement stability", "9", ""] in rows
    assert ["Key phrase", "", "one bad week", "4", ""] in rows
    assert ["Key phrase", "2", "labels", "3", ""] in rows
    assert ["Key phrase", "4", "", "", "Not enough responses to show."] in rows
    welsh = read_csv(themes_csv(make_summary("cy")))
    assert ["Thema", "", "Sefydlogrwydd lleoliadau", "9", ""] in welsh
    assert ["Ymadrodd allweddol", "4", "", "", NOT_ENOUGH["cy"]] in welsh


def test_themes_csv_says_so_when_no_theme_passed_the_threshold() -> None:
    rows = read_csv(themes_csv(replace(make_summary("en"), themes=())))
    assert ["Theme", "", "", "", "Not enough responses to show."] in rows


# --- DOCX -----------------------------------------------------------------------------


def test_docx_headings_tables_and_chart_alt_text() -> None:
    document = docx.Document(io.BytesIO(summary_docx(make_summary("en"))))
    heads = [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style is not None and p.style.name.startswith(("Heading", "Title"))
    ]
    assert heads[0] == ("Title", "Induction: Cardiff team")
    assert ("Heading 1", "Card 1: Placement moves") in heads
    assert ("Heading 1", "Themes") in heads
    assert ("Heading 3", "Organisation") in heads
    tables = [[[c.text for c in row.cells] for row in t.rows] for t in document.tables]
    assert ["Date", "25 November 2026"] in tables[0]
    assert [["Theme", "People"], ["Placement stability", "9"], ["Outcomes", "7"]] in tables
    descriptions = [
        element.get("descr") for element in document.element.body.iter() if element.get("descr")
    ]
    assert len(descriptions) == 2  # themes and role groups
    assert "Placement stability: 9" in descriptions[0]
    assert document.core_properties.language == "en-GB"
    assert document.core_properties.title == "Induction: Cardiff team"


def test_docx_in_welsh() -> None:
    document = docx.Document(io.BytesIO(summary_docx(make_summary("cy"))))
    texts = [p.text for p in document.paragraphs]
    assert "Cerdyn 4: Mynd ar goll" in texts
    assert texts[texts.index("Cerdyn 4: Mynd ar goll") + 2] == NOT_ENOUGH["cy"]
    assert "Themâu" in texts
    assert document.core_properties.language == "cy-GB"


# --- PDF and HTML ---------------------------------------------------------------------


def test_pdf_text_page_numbers_and_language() -> None:
    reader = PdfReader(io.BytesIO(summary_pdf(make_summary("cy"))))
    pages = [flat(page.extract_text()) for page in reader.pages]
    assert "Sefydlu: tîm Caerdydd" in pages[0]
    assert f"Tudalen 1 o {len(pages)}" in pages[0]
    assert any(CARD_1["cy"] in page for page in pages)
    assert any(SUPPRESSED_HEADING["cy"] in page for page in pages)


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def elements(document: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(document)
    return parser.tags


def test_html_is_standalone_with_accessible_charts() -> None:
    page = summary_html(make_summary("cy"))
    tags = elements(page)
    assert ("html", {"lang": "cy"}) in tags
    assert any(tag == "style" for tag, _attrs in tags)  # opens from disk with its styles
    assert not any("style" in attrs for _tag, attrs in tags)  # no inline style attributes
    charts = [attrs for tag, attrs in tags if tag == "svg"]
    assert len(charts) == 2
    assert all(chart["role"] == "img" and chart["aria-labelledby"] for chart in charts)
    assert "<caption>Themâu ar draws y sesiwn</caption>" in page


def test_html_served_by_the_app_links_its_stylesheet() -> None:
    page = summary_html(make_summary("en"), stylesheet_href="/static/css/print-summary.css")
    tags = elements(page)
    assert ("link", {"rel": "stylesheet", "href": "/static/css/print-summary.css"}) in tags
    assert not any(tag == "style" for tag, _attrs in tags)


def test_html_escapes_what_people_wrote() -> None:
    summary = make_summary("en")
    card = replace(
        summary.cards[0],
        reflections=(
            replace(summary.cards[0].reflections[0], text="<img src=x onerror=alert(1)>"),
        ),
    )
    page = summary_html(replace(summary, cards=(card,)))
    assert "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


# --- JSON -----------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_json_matches_its_schema(lang: str) -> None:
    document = json.loads(summary_json(make_summary(lang)))
    jsonschema.Draft202012Validator.check_schema(schema())
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    assert document["lang"] == lang
    assert document["day"] == "2026-11-25"


def test_json_suppressed_card_has_note_and_no_content() -> None:
    document = summary_dict(make_summary("cy"))
    card = next(c for c in document["cards"] if c["number"] == SUPPRESSED_CARD)
    assert card == {
        "number": 4,
        "slug": "going-missing",
        "title": "Mynd ar goll",
        "message": "Arwydd yw mynd ar goll, nid dyfarniad.",
        "enough": False,
        "contributors": None,
        "note": NOT_ENOUGH["cy"],
        "reflections": [],
        "key_phrases": [],
        "changes": {},
    }


def test_json_schema_rejects_content_on_a_suppressed_card() -> None:
    document = summary_dict(make_summary("en"))
    card = next(c for c in document["cards"] if c["number"] == SUPPRESSED_CARD)
    card["reflections"] = [{"kind": "think", "level": None, "phase": "think", "text": "leak"}]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)


def test_json_has_no_author_or_role_group_per_reflection() -> None:
    document = summary_dict(make_summary("en"))
    for card in document["cards"]:
        for reflection in card["reflections"]:
            assert set(reflection) == {"kind", "level", "phase", "text"}


# --- Shared labels --------------------------------------------------------------------


def test_welsh_counts_use_every_plural_form() -> None:
    summary: SessionSummary = make_summary("cy")
    forms = {
        n: common.participants_text("cy", replace(summary, participants=n)) for n in (1, 2, 3, 6, 7)
    }
    assert forms == {
        1: "1 cyfranogwr",
        2: "2 gyfranogwr",
        3: "3 chyfranogwr",
        6: "6 chyfranogwr",
        7: "7 cyfranogwr",
    }
    hidden = replace(summary, participants=None)
    assert common.participants_text("cy", hidden) == NOT_ENOUGH["cy"]


# --- Documentation --------------------------------------------------------------------


def test_docs_describe_every_format_and_json_field() -> None:
    docs = (PROJECT_ROOT / "docs" / "exports.md").read_text(encoding="utf-8")
    for fmt, entry in FORMATS.items():
        assert f"| `{fmt}` | `{entry.media_type}` |" in docs
    for field in schema()["properties"]:
        assert f"`{field}`" in docs, field
