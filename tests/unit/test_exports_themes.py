"""Every export format carries the facilitator's themes, their counts and their quotes."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import replace

import docx
import jsonschema
import pytest
from pypdf import PdfReader

from app.exports.csv import themes_csv
from app.exports.docx import summary_docx
from app.exports.html import summary_html
from app.exports.json_export import schema, summary_json
from app.exports.markdown import summary_markdown
from app.exports.pdf import summary_pdf
from app.exports.summary import Count, SessionSummary
from tests.factories import make_summary

QUOTE = "Nobody adds up what each move costs her."


def with_themes(lang: str) -> SessionSummary:
    summary = make_summary(lang)
    themes = (
        Count("t1", "Moves cost relationships", 6, QUOTE),
        Count("s:c:caseload", "Caseloads", 4, None),
    )
    first = next(c for c in summary.cards if c.enough)
    card = replace(first, themes=(Count("t1", "Moves cost relationships", 5, None),))
    cards = tuple(card if c.number == first.number else c for c in summary.cards)
    return replace(summary, themes=themes, cards=cards)


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_markdown_html_and_docx_show_themes_counts_and_quotes(lang: str) -> None:
    summary = with_themes(lang)
    markdown = summary_markdown(summary)
    assert "| Moves cost relationships | 6 |" in markdown
    assert "| Caseloads | 4 |" in markdown
    assert f"“{QUOTE}”" in markdown
    assert "| Moves cost relationships | 5 |" in markdown  # counted on its card
    page = summary_html(summary)
    assert "Moves cost relationships" in page and QUOTE in page
    document = docx.Document(io.BytesIO(summary_docx(summary)))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert QUOTE in text and "Caseloads" in cells


def test_pdf_carries_the_quote() -> None:
    reader = PdfReader(io.BytesIO(summary_pdf(with_themes("en"))))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Moves cost relationships" in text and "Nobody adds up" in text


def test_csv_and_json_carry_counts_and_quotes() -> None:
    summary = with_themes("en")
    rows = list(csv.reader(io.StringIO(themes_csv(summary).decode("utf-8-sig"))))
    assert ["Theme", "", "Moves cost relationships", "6", ""] in rows
    assert ["Quote", "", "Moves cost relationships", "", QUOTE] in rows
    document = json.loads(summary_json(summary))
    jsonschema.validate(document, schema(), cls=jsonschema.Draft202012Validator)
    assert document["themes"][0] == {
        "key": "t1",
        "label": "Moves cost relationships",
        "count": 6,
        "quote": QUOTE,
    }
    assert document["themes"][1]["quote"] is None
    card = next(c for c in document["cards"] if c["enough"])
    assert card["themes"] == [
        {"key": "t1", "label": "Moves cost relationships", "count": 5, "quote": None}
    ]
