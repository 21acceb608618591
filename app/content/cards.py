"""Cards: one Markdown file per card per language, ``cards/NN-slug.LANG.md``."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.content.frontmatter import ContentError, ParsedFile, list_items, parse_file
from app.content.markdown import inline_html, to_html
from app.content.themes import LEVEL_LABELS, THEMES
from app.i18n import LANGUAGES

FILENAME = re.compile(
    r"^(?P<number>\d{2,3})-(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$"
)
REQUIRED_FIELDS = (
    "number",
    "slug",
    "title",
    "themes",
    "finding",
    "source",
    "illustration",
    "alt",
    "translation",
)
TRANSLATION_STATES = ("reviewed", "needs-review")

# Section headings in each language, mapped to the section's key.
SECTIONS: dict[str, dict[str, str]] = {
    "en": {
        "Message": "message",
        "Stop and think": "stop_and_think",
        "Questions": "questions",
        "What could change?": "what_could_change",
    },
    "cy": {
        "Neges": "message",
        "Stopio a meddwl": "stop_and_think",
        "Cwestiynau": "questions",
        "Beth allai newid?": "what_could_change",
    },
}
LEVEL_ITEM = re.compile(r"^\*\*(?P<label>[^*:]+):\*\*\s*(?P<text>.+)$")


@dataclass(frozen=True)
class Change:
    """One "What could change?" prompt and the level it is aimed at."""

    level: str
    html: str


@dataclass(frozen=True)
class CardText:
    """Everything a card says in one language."""

    lang: str
    path: str
    title: str
    finding: str
    source: str
    evidence: str
    alt: str
    translation: str
    message_html: str
    message_text: str
    stop_and_think: tuple[str, ...]
    questions: tuple[str, ...]
    changes: tuple[Change, ...]


@dataclass(frozen=True)
class Card:
    number: int
    slug: str
    themes: tuple[str, ...]
    illustration: str
    texts: dict[str, CardText]

    def text(self, lang: str) -> CardText:
        return self.texts.get(lang) or self.texts["en"]

    def matches(self, query: str, lang: str) -> bool:
        """Free-text search over the card's words in ``lang``."""
        words = query.casefold().split()
        text = self.text(lang)
        haystack = " ".join(
            (
                text.title,
                text.message_text,
                " ".join(text.stop_and_think),
                " ".join(text.questions),
                " ".join(self.themes),
            )
        ).casefold()
        return all(word in haystack for word in words)


def _card_text(parsed: ParsedFile, lang: str) -> CardText | None:
    meta = parsed.meta
    if not parsed.require(REQUIRED_FIELDS):
        return None
    if meta["translation"] not in TRANSLATION_STATES:
        parsed.error(
            parsed.line_of("translation"),
            f"translation must be one of {', '.join(TRANSLATION_STATES)}",
        )
    headings = SECTIONS.get(lang, {})
    found = parsed.sections_by_key(headings)
    changes: list[Change] = []
    labels = LEVEL_LABELS.get(lang, {})
    for item in list_items(found.get("what_could_change", "")):
        match = LEVEL_ITEM.match(item)
        level = labels.get(match.group("label").strip().casefold()) if match else None
        if match is None or level is None:
            names = ", ".join(f"**{label.capitalize()}:**" for label in labels)
            line = next(
                (s.line for s in parsed.sections if headings.get(s.heading) == "what_could_change"),
                1,
            )
            parsed.error(line, f"each 'what could change' item must start with one of {names}")
            continue
        changes.append(Change(level, inline_html(match.group("text"))))
    if parsed.errors:
        return None
    return CardText(
        lang=lang,
        path=parsed.path,
        title=str(meta["title"]).strip(),
        finding=str(meta["finding"]).strip(),
        source=str(meta["source"]).strip(),
        evidence=str(meta.get("evidence") or "").strip(),
        alt=str(meta["alt"]).strip(),
        translation=str(meta["translation"]),
        message_html=to_html(found["message"]),
        message_text=found["message"],
        stop_and_think=tuple(inline_html(i) for i in list_items(found["stop_and_think"])),
        questions=tuple(inline_html(i) for i in list_items(found["questions"])),
        changes=tuple(changes),
    )


def card_numbers_on_disk(cards_dir: Path) -> set[int]:
    """Numbers of every card file, valid or not (so plans do not cascade errors)."""
    return {
        int(match.group("number"))
        for path in cards_dir.glob("*.md")
        if (match := FILENAME.match(path.name))
    }


def load_cards(
    cards_dir: Path, static_dir: Path, root: Path
) -> tuple[list[Card], list[ContentError]]:
    """Load and validate every card; returns the valid cards and every problem found."""
    errors: list[ContentError] = []
    by_key: dict[tuple[int, str], dict[str, tuple[ParsedFile, CardText]]] = {}
    # Cards with a file in some language, valid or not: a broken file is reported once,
    # not again as a "missing" translation of its valid twin.
    present: dict[tuple[int, str], set[str]] = {}
    for path in sorted(cards_dir.glob("*.md")):
        parsed = parse_file(path, root)
        match = FILENAME.match(path.name)
        if match is None:
            parsed.error(1, "file name must look like 'NN-slug.en.md' or 'NN-slug.cy.md'")
            errors.extend(parsed.errors)
            continue
        lang = match.group("lang")
        present.setdefault((int(match.group("number")), match.group("slug")), set()).add(lang)
        if lang not in LANGUAGES:
            parsed.error(1, f"unknown language '{lang}' (expected {' or '.join(LANGUAGES)})")
            errors.extend(parsed.errors)
            continue
        text = _card_text(parsed, lang) if not parsed.errors else None
        meta = parsed.meta
        if text is not None:
            if meta["number"] != int(match.group("number")):
                parsed.error(parsed.line_of("number"), "number does not match the file name")
            if meta["slug"] != match.group("slug"):
                parsed.error(parsed.line_of("slug"), "slug does not match the file name")
            themes = meta["themes"] if isinstance(meta["themes"], list) else []
            if not themes:
                parsed.error(parsed.line_of("themes"), "themes must be a list of tags")
            for tag in themes:
                if tag not in THEMES:
                    parsed.error(parsed.line_of("themes"), f"unknown theme tag '{tag}'")
            if not (static_dir / "img" / "cards" / str(meta["illustration"])).is_file():
                parsed.error(
                    parsed.line_of("illustration"),
                    f"illustration file 'static/img/cards/{meta['illustration']}' not found",
                )
        errors.extend(parsed.errors)
        if text is not None and not parsed.errors:
            key = (int(match.group("number")), match.group("slug"))
            by_key.setdefault(key, {})[lang] = (parsed, text)

    cards: list[Card] = []
    numbers: dict[int, str] = {}
    for (number, slug), versions in sorted(by_key.items()):
        first_path = next(iter(versions.values()))[0].path
        missing = [lang for lang in LANGUAGES if lang not in versions]
        if any(lang in present[(number, slug)] for lang in missing):
            continue  # that language's file exists but is broken; its errors are listed
        for lang in missing:
            errors.append(ContentError(first_path, 1, f"no '{lang}' version of this card"))
        if missing:
            continue
        base = versions["en"][0].meta
        for parsed, _text in versions.values():
            for name in ("number", "slug", "themes", "illustration"):
                if parsed.meta[name] != base[name]:
                    parsed.error(parsed.line_of(name), f"'{name}' differs from the English version")
            errors.extend(parsed.errors)
        if any(parsed.errors for parsed, _text in versions.values()):
            continue
        if number in numbers:
            errors.append(
                ContentError(
                    first_path, 1, f"number {number} is already used by '{numbers[number]}'"
                )
            )
            continue
        numbers[number] = slug
        cards.append(
            Card(
                number=number,
                slug=slug,
                themes=tuple(base["themes"]),
                illustration=str(base["illustration"]),
                texts={lang: text for lang, (_p, text) in versions.items()},
            )
        )
    return cards, errors
