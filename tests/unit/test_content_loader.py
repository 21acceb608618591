"""The card and plan checker: one tiny fixture per kind of error, exact messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.content.deck import Deck, load_deck
from tests.conftest import FIXTURES

CASES = FIXTURES / "content"


def load_case(name: str) -> Deck:
    root = CASES / name
    return load_deck(root / "cards", root / "sessions", FIXTURES / "static", root)


def messages(name: str) -> list[str]:
    return [str(error) for error in load_case(name).errors]


def test_valid_fixture_loads_both_languages() -> None:
    deck = load_case("valid")
    assert deck.errors == ()
    card = deck.cards[0]
    assert (card.number, card.slug) == (1, "tiny")
    assert card.text("en").title == "A tiny card"
    assert card.text("cy").title == "Cerdyn bach"
    assert card.text("cy").translation == "needs-review"
    assert [change.level for change in card.text("cy").changes] == ["me", "team"]
    assert deck.plans[0].card_numbers == (1,)


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("missing-field", ["cards/01-tiny.cy.md:1: missing field 'title'"]),
        ("unknown-theme", ["cards/01-tiny.en.md:5: unknown theme tag 'glitter'"]),
        ("missing-language", ["cards/01-tiny.en.md:1: no 'cy' version of this card"]),
        (
            "language-mismatch",
            ["cards/01-tiny.cy.md:5: 'themes' differs from the English version"],
        ),
        (
            "duplicate-number",
            ["cards/01-tiny.cy.md:1: number 1 is already used by 'other'"],
        ),
        (
            "missing-illustration",
            [
                "cards/01-tiny.cy.md:9: illustration file 'static/img/cards/nope.svg' not found",
                "cards/01-tiny.en.md:9: illustration file 'static/img/cards/nope.svg' not found",
            ],
        ),
        ("empty-alt", ["cards/01-tiny.en.md:10: missing field 'alt'"]),
        ("raw-html", ["cards/01-tiny.en.md:16: raw HTML is not allowed in content"]),
        ("empty-section", ["cards/01-tiny.en.md:22: empty section 'Questions'"]),
        (
            "bad-level",
            [
                "cards/01-tiny.en.md:26: each 'what could change' item must start with one of "
                "**Me:**, **Team:**, **Organisation:**, **System:**"
            ],
        ),
        (
            "bad-yaml",
            [
                "cards/01-tiny.en.md:6: front matter is not valid YAML: "
                "expected ',' or ']', but got ':'"
            ],
        ),
        (
            "bad-filename",
            ["cards/tiny.en.md:1: file name must look like 'NN-slug.en.md' or 'NN-slug.cy.md'"],
        ),
        (
            "plan-unknown-card",
            [
                "sessions/short.cy.md:6: card 9 does not exist",
                "sessions/short.en.md:6: card 9 does not exist",
            ],
        ),
        ("plan-missing-language", ["sessions/short.en.md:1: no 'cy' version of this plan"]),
    ],
)
def test_checker_reports_exact_message(case: str, expected: list[str]) -> None:
    assert messages(case) == expected


def test_raw_html_is_escaped_even_if_it_slipped_through() -> None:
    from app.content.markdown import to_html

    assert "<script>" not in to_html("Hi <script>alert(1)</script>")
    assert "&lt;script&gt;" in to_html("Hi <script>alert(1)</script>")


def test_search_and_theme_filter() -> None:
    deck = load_case("valid")
    assert deck.search(query="tiny", lang="en") == list(deck.cards)
    assert deck.search(query="bach", lang="cy") == list(deck.cards)
    assert deck.search(query="nothing-like-this", lang="en") == []
    assert deck.search(theme="relationships") == list(deck.cards)
    assert deck.search(theme="online") == []


def test_fixture_paths_are_relative(tmp_path: Path) -> None:
    # An error names the file as the author sees it in the repository.
    assert all(not message.startswith("/") for message in messages("missing-field"))
