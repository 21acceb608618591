"""Markdown to HTML for trusted content, with raw HTML switched off all the same."""

from __future__ import annotations

import re

import markdown

RAW_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?][^>]*>")


def _renderer() -> markdown.Markdown:
    md = markdown.Markdown(extensions=["sane_lists", "smarty"], output_format="html")
    # Raw HTML in content is escaped, never passed through.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    return md


_MD = _renderer()


def to_html(text: str) -> str:
    """Render Markdown; any raw HTML comes out as visible, escaped text."""
    _MD.reset()
    return _MD.convert(text)


def inline_html(text: str) -> str:
    """Render one line of Markdown without the surrounding paragraph."""
    html = to_html(text.strip())
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def has_raw_html(text: str) -> bool:
    return bool(RAW_HTML.search(text))
