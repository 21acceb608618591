"""The one export path: every format by name, for the API, the console and the CLI.

``FORMATS["pdf"].render(summary, "cy")`` gives the file's bytes; serve them with
``FORMATS["pdf"].media_type`` and offer ``download_name(summary, "pdf")`` as the name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from app.exports import common
from app.exports.csv import reflections_csv, themes_csv
from app.exports.docx import summary_docx
from app.exports.html import summary_html
from app.exports.json_export import summary_json
from app.exports.markdown import summary_markdown
from app.exports.pdf import summary_pdf
from app.exports.summary import SessionSummary

Renderer = Callable[[SessionSummary, str | None], bytes]


class ExportFormat(NamedTuple):
    """How to make one format: ``render, media_type, extension = FORMATS[key]`` works too."""

    render: Renderer  # (summary, lang or None for the summary's own) -> file contents
    media_type: str
    extension: str


def _utf8(render: Callable[[SessionSummary, str | None], str]) -> Renderer:
    def encoded(summary: SessionSummary, lang: str | None = None) -> bytes:
        return render(summary, lang).encode("utf-8")

    encoded.__name__ = render.__name__
    encoded.__doc__ = render.__doc__
    return encoded


FORMATS: dict[str, ExportFormat] = {
    "md": ExportFormat(_utf8(summary_markdown), "text/markdown; charset=utf-8", "md"),
    "html": ExportFormat(_utf8(summary_html), "text/html; charset=utf-8", "html"),
    "pdf": ExportFormat(summary_pdf, "application/pdf", "pdf"),
    "csv": ExportFormat(reflections_csv, "text/csv; charset=utf-8", "csv"),
    "themes.csv": ExportFormat(themes_csv, "text/csv; charset=utf-8", "themes.csv"),
    "docx": ExportFormat(
        summary_docx,
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "json": ExportFormat(_utf8(summary_json), "application/json", "json"),
}


def download_name(summary: SessionSummary, fmt: str) -> str:
    """The file name to offer, e.g. ``cyt-K7Q2MX-2026-11-25.themes.csv``."""
    return common.filename(summary, FORMATS[fmt].extension)
