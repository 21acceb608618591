"""The printable deck: pages in the right order, both languages, nothing cut off."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from html import unescape
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from app.config import PROJECT_ROOT, Settings
from app.content.cards import Card
from app.content.deck import Deck, load_deck
from app.exports.deck_pdf import Layout, deck_pdf, overflowing_faces, render_deck
from app.exports.pdf import summary_pdf
from app.main import create_app
from tests.factories import make_summary


@pytest.fixture(scope="module")
def deck() -> Deck:
    settings = Settings()
    loaded = load_deck(settings.cards_dir, settings.sessions_dir, settings.static_dir, PROJECT_ROOT)
    assert not loaded.errors
    return loaded


@pytest.fixture(scope="module")
def small_deck(deck: Deck) -> Deck:
    return Deck(deck.cards[:3], ())


def pages_text(pdf: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages]


def plain(html: str) -> str:
    """Card HTML as the PDF's text layer has it (tags gone, entities as characters)."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def first_words(text: str, count: int = 6) -> str:
    return " ".join(text.split()[:count])


def test_a6_has_cover_guide_and_two_pages_per_card(small_deck: Deck) -> None:
    pages = pages_text(deck_pdf(small_deck, "en", "a6"))
    assert len(pages) == 2 + 2 * len(small_deck.cards)
    assert "Check your thinking" in pages[0]
    assert "3 cards" in pages[0]
    assert "Four steps for each card" in pages[1]


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_a6_card_one_front_then_back(small_deck: Deck, lang: str) -> None:
    pages = pages_text(deck_pdf(small_deck, lang, "a6"))
    card: Card = small_deck.cards[0]
    text = card.text(lang)
    front, back = pages[2], pages[3]
    assert text.title in front
    assert first_words(plain(text.message_html)) in front
    assert first_words(plain(text.stop_and_think[0])) in back
    assert first_words(plain(text.questions[-1])) in back
    assert first_words(plain(text.stop_and_think[0])) not in front
    second = small_deck.cards[1].text(lang).title
    assert second in pages[4] and second not in front


def test_welsh_deck_is_in_welsh(small_deck: Deck) -> None:
    pages = pages_text(deck_pdf(small_deck, "cy", "a6"))
    assert "Cymraeg" in pages[0]
    assert "3 cherdyn" in pages[0]
    assert "Cardiau myfyrio ar gyfer ymarfer diogelu yng Nghymru" in pages[0]
    assert "Symud lleoliad" in pages[2]
    assert "Placement moves" not in " ".join(pages)


def _positions(pdf: bytes, page_index: int) -> list[tuple[str, float, float]]:
    page = PdfReader(io.BytesIO(pdf)).pages[page_index]
    found: list[tuple[str, float, float]] = []

    def visit(text: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if text.strip():
            found.append((text.strip(), tm[4], tm[5]))

    page.extract_text(visitor_text=visit)
    return found


def test_a4_backs_are_mirrored_for_duplex(small_deck: Deck) -> None:
    pdf = deck_pdf(small_deck, "en", "a4")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 2  # cover + 3 cards fill one sheet
    half_width = 210 / 25.4 * 72 / 2
    title = small_deck.cards[0].text("en").title
    fronts = [x for text, x, _y in _positions(pdf, 0) if text.startswith(title)]
    backs = [x for text, x, _y in _positions(pdf, 1) if text.startswith(title)]
    assert fronts and backs
    assert all(x > half_width for x in fronts)  # card 1's front: top right
    assert all(x < half_width for x in backs)  # its back: top left, behind it when flipped


def test_a4_sheet_count(deck: Deck) -> None:
    five = Deck(deck.cards[:5], ())  # cover + 5 cards = 6 slots = 2 sheets, 4 pages
    assert len(PdfReader(io.BytesIO(deck_pdf(five, "cy", "a4"))).pages) == 4


@pytest.mark.parametrize("layout", ["a6", "a4"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_every_card_fits_on_its_faces(deck: Deck, lang: str, layout: Layout) -> None:
    assert overflowing_faces(render_deck(deck, lang, layout)) == []


def pdf_fonts(pdf: bytes) -> set[str]:
    """Base names of every font a PDF uses, without the subset prefix (``ABCDEF+``)."""
    names = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).lstrip("/").split("+")[-1])
    return names


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_deck_uses_only_the_shipped_font(deck: Deck, lang: str) -> None:
    # The layout must not depend on the machine's fonts: a fresh machine has only DejaVu.
    assert pdf_fonts(deck_pdf(deck, lang, "a6")) == {"CYT-Sans", "CYT-Sans-Bold"}


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_summary_pdf_uses_only_the_shipped_font(lang: str) -> None:
    fonts = pdf_fonts(summary_pdf(make_summary(lang)))
    assert (
        {"CYT-Sans", "CYT-Sans-Bold"} <= fonts <= {"CYT-Sans", "CYT-Sans-Bold", "CYT-Sans-Italic"}
    )


def test_shipped_font_has_every_character_the_printed_text_uses() -> None:
    root = PROJECT_ROOT
    sources = [
        *root.glob("cards/*.md"),
        *root.glob("sessions/*.md"),
        *root.glob("templates/exports/*.html"),
        root / "app/locales/cy/LC_MESSAGES/messages.po",
    ]
    used = {char for path in sources for char in path.read_text(encoding="utf-8")}
    used -= {"\n", "\t"}
    for style in ("Regular", "Bold", "Italic"):
        cmap = TTFont(root / "static" / "fonts" / f"CYTSans-{style}.ttf").getBestCmap()
        missing = sorted(char for char in used if ord(char) not in cmap)
        assert missing == [], f"CYTSans-{style}.ttf lacks {missing}"
    assert {"ŵ", "ŷ", "â", "ê", "î", "ô", "û", "Ŵ", "Ŷ"} <= {chr(code) for code in cmap}


def test_crop_marks_add_bleed_around_the_trim(small_deck: Deck) -> None:
    page = PdfReader(io.BytesIO(deck_pdf(small_deck, "en", "a6", crop_marks=True))).pages[2]
    assert float(page.mediabox.width) > float(page.trimbox.width)
    assert round(float(page.trimbox.width) / 72 * 25.4) == 105


def test_unknown_layout_refused(small_deck: Deck) -> None:
    with pytest.raises(ValueError, match="layout"):
        deck_pdf(small_deck, "en", "a5")  # type: ignore[arg-type]


@pytest.fixture
def sqlite_client(tmp_path: Path) -> Iterator[TestClient]:
    # The deck needs no database, so one (SQLite) app is enough here.
    settings = Settings(data_dir=tmp_path / "var", secret_key="test-secret-key", database_url="")
    with TestClient(create_app(settings)) as client:
        yield client


def test_deck_pdf_route_serves_and_caches(sqlite_client: TestClient) -> None:
    client = sqlite_client
    response = client.get("/deck.pdf?lang=cy&layout=a4")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert (
        'filename="check-your-thinking-cards-cy-a4.pdf"' in response.headers["content-disposition"]
    )
    assert response.content.startswith(b"%PDF")
    again = client.get("/deck.pdf?lang=cy&layout=a4")
    assert again.content == response.content
    assert list(client.app.state.deck_pdf_cache) == [("cy", "a4")]  # type: ignore[attr-defined]
    assert client.get("/deck.pdf?layout=poster").status_code == 400
