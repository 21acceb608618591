"""The printable deck: A6 cards (one page per face) or four cards to an A4 sheet.

A6: cover, four-step guide, then each card's front and back on facing pages, so a duplex
print on A6 card stock (or a print shop's trim) gives finished cards. ``crop_marks`` adds
a 5 mm bleed with crop marks for print shops.

A4: each sheet holds four cards; the fronts page is followed by a backs page mirrored
left-to-right, so printing double-sided (flip on the long edge) puts every back behind
its own front. The cover and guide share the first slot like a card. Cut along the grey
lines on the fronts.

Nothing important sits near an edge (7 mm safe margin inside every face), so a cut that
is a millimetre or two out, or a printer that cannot print to the edge, loses nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

from weasyprint import HTML
from weasyprint.document import Document

from app.content.cards import Card, CardText
from app.content.deck import Deck
from app.exports.html import STATIC_DIR, print_stylesheet, render_template
from app.exports.pdf import StaticOnlyFetcher, print_styles

Layout = Literal["a6", "a4"]
LAYOUTS: tuple[Layout, ...] = ("a6", "a4")
STYLESHEET = STATIC_DIR / "css" / "print-deck.css"
ILLUSTRATIONS = STATIC_DIR / "img" / "cards"
_TAGS = re.compile(r"<[^>]+>")

# Characters of text on a face beyond which the type steps down a size, so the longest
# cards (Welsh runs about 20% longer than English) still fit on one face.
FRONT_DENSE, FRONT_DENSER = 430, 520
BACK_DENSE, BACK_DENSER = 700, 860


@dataclass(frozen=True)
class Face:
    """One side of one printed card: the cover, the guide, or a card's front or back."""

    kind: Literal["cover", "guide", "front", "back"]
    card: Card | None = None
    text: CardText | None = None
    density: str = ""
    art: str | None = None


def _plain_length(*parts: str) -> int:
    return sum(len(_TAGS.sub("", part)) for part in parts)


def _density(length: int, dense: int, denser: int) -> str:
    return "denser" if length > denser else "dense" if length > dense else ""


def _card_faces(card: Card, lang: str) -> tuple[Face, Face]:
    text = card.text(lang)
    art = card.illustration if (ILLUSTRATIONS / card.illustration).is_file() else None
    front = _plain_length(text.title, text.message_text)
    back = _plain_length(*text.stop_and_think, *text.questions)
    return (
        Face("front", card, text, _density(front, FRONT_DENSE, FRONT_DENSER), art),
        Face("back", card, text, _density(back, BACK_DENSE, BACK_DENSER)),
    )


def _pairs(deck: Deck, lang: str) -> list[tuple[Face, Face]]:
    """Front/back pairs in print order: the cover (backed by the guide), then each card."""
    return [(Face("cover"), Face("guide")), *(_card_faces(card, lang) for card in deck.cards)]


def _a4_sheets(pairs: list[tuple[Face, Face]]) -> list[dict[str, list[Face | None]]]:
    """Four pairs per sheet; backs swap left and right so they line up when duplexed."""
    sheets = []
    for start in range(0, len(pairs), 4):
        group: list[tuple[Face, Face] | None] = list(pairs[start : start + 4])
        group += [None] * (4 - len(group))
        fronts = [pair[0] if pair else None for pair in group]
        backs = [pair[1] if pair else None for pair in group]
        mirrored = [backs[1], backs[0], backs[3], backs[2]]
        sheets.append({"fronts": fronts, "backs": mirrored})
    return sheets


def page_css(layout: Layout, *, crop_marks: bool = False) -> str:
    if layout == "a4":
        return "@page { size: A4; margin: 0; }"
    marks = " bleed: 5mm; marks: crop;" if crop_marks else ""
    return f"@page {{ size: A6; margin: 0;{marks} }}"


def deck_html(deck: Deck, lang: str, layout: Layout = "a6") -> str:
    """The deck as HTML for WeasyPrint (images resolve against ``static/``)."""
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {', '.join(LAYOUTS)}")
    pairs = _pairs(deck, lang)
    context: dict[str, Any] = {"layout": layout, "card_count": len(deck.cards)}
    if layout == "a6":
        context["faces"] = [face for pair in pairs for face in pair]
    else:
        context["sheets"] = _a4_sheets(pairs)
    return render_template(f"exports/deck_{layout}.html", lang, context)


def render_deck(
    deck: Deck, lang: str, layout: Layout = "a6", *, crop_marks: bool = False
) -> Document:
    """Lay the deck out without writing it (tests and :func:`overflowing_faces` use this)."""
    fetcher = StaticOnlyFetcher()
    html = HTML(
        string=deck_html(deck, lang, layout),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=fetcher,
    )
    css = print_stylesheet(STYLESHEET) + "\n" + page_css(layout, crop_marks=crop_marks)
    return html.render(**print_styles(css, fetcher))


def deck_pdf(deck: Deck, lang: str, layout: Layout = "a6", *, crop_marks: bool = False) -> bytes:
    """The whole deck in ``lang`` as print-ready PDF bytes."""
    return to_pdf(render_deck(deck, lang, layout, crop_marks=crop_marks))


def to_pdf(document: Document) -> bytes:
    """Write a laid-out deck as a tagged PDF (headings and image descriptions kept)."""
    pdf: bytes = document.write_pdf(pdf_tags=True)
    return pdf


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def overflowing_faces(document: Document) -> list[str]:
    """Faces whose text runs past the bottom of the card (and would be clipped), e.g.
    ``"card 7 back"``; empty when everything fits. Reads WeasyPrint's layout boxes."""
    found: list[str] = []
    for page in document.pages:
        stack: list[Any] = [page._page_box]
        while stack:
            box = stack.pop()
            children = list(getattr(box, "children", []))
            if "face" not in _classes(box) or box.element_tag != "section":
                stack.extend(reversed(children))
                continue
            bottom = box.content_box_y() + box.height
            for child in children:
                # Half a pixel of slack for rounding.
                too_low = child.position_y + child.margin_height() > bottom + 0.5
                if "face__content" in _classes(child) and too_low:
                    found.append(str(box.element.get("data-face")))
    return found
