"""PDF through WeasyPrint: the session summary (from its HTML) and shared PDF plumbing."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from app.exports import common
from app.exports.html import STATIC_DIR, css_base_url, stylesheet, summary_html
from app.exports.summary import SessionSummary
from app.i18n import _

_PLACEHOLDER = re.compile(r"%\((page|pages)\)s")


class StaticOnlyFetcher(URLFetcher):
    """Lets WeasyPrint read our own static files and data: URLs, and nothing else.

    Summaries carry people's words; even escaped, nothing in a PDF should make the
    server fetch a URL from the network or read a file outside ``static/``.
    """

    def __init__(self, root: Path = STATIC_DIR) -> None:
        super().__init__(allowed_protocols={"file", "data"}, allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> Any:
        if url.lower().startswith("file:"):
            path = Path(url2pathname(urlsplit(url).path)).resolve()
            if not path.is_relative_to(self.root):
                raise ValueError("only files under static/ may be used in a PDF")
        return super().fetch(url, headers)


def page_number_css(lang: str, *, position: str = "bottom-right") -> str:
    """An ``@page`` rule printing "Page 2 of 5" in ``lang``, translated as one sentence."""
    sentence = common.t(lang, _("Page %(page)s of %(pages)s"))
    tokens = []
    for index, piece in enumerate(_PLACEHOLDER.split(sentence)):
        if index % 2:
            tokens.append(f"counter({piece})")
        elif piece:
            tokens.append(json.dumps(piece, ensure_ascii=False))
    return (
        f"@page {{ @{position} {{ content: {' '.join(tokens)}; "
        "font: 8.5pt 'CYT Sans', sans-serif; color: #4a5663; } }"
    )


def write_pdf(html: str, css: str) -> bytes:
    """Render HTML (images resolved under ``static/``) with ``css`` to PDF bytes."""
    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=fetcher)
    pdf: bytes = document.write_pdf(**print_styles(css, fetcher), pdf_tags=True)
    return pdf


def print_styles(css: str, fetcher: URLFetcher) -> dict[str, Any]:
    """WeasyPrint's ``stylesheets`` and ``font_config`` for ``css``: its ``@font-face``
    fonts load from ``static/fonts``, so the layout never depends on the machine's fonts."""
    font_config = FontConfiguration()
    sheet = CSS(string=css, base_url=css_base_url(), url_fetcher=fetcher, font_config=font_config)
    return {"stylesheets": [sheet], "font_config": font_config}


def summary_pdf(summary: SessionSummary, lang: str | None = None) -> bytes:
    """Render ``summary`` as an A4 PDF with page numbers and SVG charts."""
    lang = common.export_lang(summary, lang)
    html = summary_html(summary, lang, embed_css=False)
    return write_pdf(html, stylesheet() + "\n" + page_number_css(lang))
