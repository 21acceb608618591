"""Ready-made session plans: ``sessions/slug.LANG.md``, naming cards, timings and notes."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from app.content.frontmatter import ContentError, ParsedFile, parse_file
from app.content.markdown import to_html
from app.i18n import LANGUAGES

FILENAME = re.compile(r"^(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)\.(?P<lang>[a-z]{2})\.md$")
REQUIRED_FIELDS = ("slug", "title", "minutes", "audience", "cards", "translation")
SECTIONS: dict[str, dict[str, str]] = {
    "en": {"Overview": "overview", "The four steps": "steps", "Facilitator notes": "notes"},
    "cy": {"Trosolwg": "overview", "Y pedwar cam": "steps", "Nodiadau i'r hwylusydd": "notes"},
}


@dataclass(frozen=True)
class PlanCard:
    number: int
    minutes: int


# A numbered step in "The four steps": ``1. **Look at the image (1 minute).** What ...``
# (Welsh: ``(munud)`` is one minute, ``(3 munud)``, ``(2 funud)``).
STEP_LINE = re.compile(
    r"^\d+\.\s+\*\*(?P<title>.+?)\s+\((?:(?P<minutes>\d+)\s+)?"
    r"(?:minutes?|munud|funud)\)\.?\*\*\.?\s*(?P<detail>.*)$"
)


@dataclass(frozen=True)
class PlanStep:
    """One step a plan suggests for every card, with its minutes (presenter notes)."""

    title: str
    minutes: int
    detail: str


def plan_steps(markdown: str) -> tuple[PlanStep, ...]:
    """The per-card steps of a plan's "The four steps" section, in order."""
    steps = []
    for line in markdown.splitlines():
        match = STEP_LINE.match(line.strip())
        if match:
            detail = match.group("detail").replace("**", "").strip()
            steps.append(PlanStep(match.group("title"), int(match.group("minutes") or 1), detail))
    return tuple(steps)


@dataclass(frozen=True)
class PlanText:
    lang: str
    path: str
    title: str
    audience: str
    translation: str
    overview_html: str
    steps_html: str
    notes_html: str
    steps: tuple[PlanStep, ...] = ()


@dataclass(frozen=True)
class Plan:
    slug: str
    minutes: int
    cards: tuple[PlanCard, ...]
    texts: dict[str, PlanText]

    def text(self, lang: str) -> PlanText:
        return self.texts.get(lang) or self.texts["en"]

    @property
    def card_numbers(self) -> tuple[int, ...]:
        return tuple(card.number for card in self.cards)

    def minutes_for(self, index: int) -> int | None:
        """Planned minutes for the card at ``index`` in the session's order."""
        return self.cards[index].minutes if 0 <= index < len(self.cards) else None


def _plan_cards(parsed: ParsedFile, known_numbers: set[int]) -> tuple[PlanCard, ...]:
    raw = parsed.meta.get("cards")
    line = parsed.line_of("cards")
    if not isinstance(raw, list) or not raw:
        parsed.error(line, "cards must be a list of {card: N, minutes: M}")
        return ()
    cards: list[PlanCard] = []
    for entry in raw:
        if not (
            isinstance(entry, dict)
            and isinstance(entry.get("card"), int)
            and isinstance(entry.get("minutes"), int)
            and entry["minutes"] > 0
        ):
            parsed.error(line, "each card entry needs 'card' (a number) and 'minutes' (above 0)")
            continue
        if entry["card"] not in known_numbers:
            parsed.error(line, f"card {entry['card']} does not exist")
            continue
        cards.append(PlanCard(entry["card"], entry["minutes"]))
    return tuple(cards)


def _plan_text(parsed: ParsedFile, lang: str) -> PlanText | None:
    meta = parsed.meta
    if not parsed.require(REQUIRED_FIELDS):
        return None
    if not isinstance(meta["minutes"], int) or meta["minutes"] <= 0:
        parsed.error(parsed.line_of("minutes"), "minutes must be a whole number above 0")
    headings = SECTIONS.get(lang, {})
    found = parsed.sections_by_key(headings)
    if parsed.errors:
        return None
    return PlanText(
        lang=lang,
        path=parsed.path,
        title=str(meta["title"]).strip(),
        audience=str(meta["audience"]).strip(),
        translation=str(meta["translation"]),
        overview_html=to_html(found["overview"]),
        steps_html=to_html(found["steps"]),
        notes_html=to_html(found["notes"]),
        steps=plan_steps(found["steps"]),
    )


def load_plans(
    sessions_dir: Path, known_numbers: set[int], root: Path
) -> tuple[list[Plan], list[ContentError]]:
    errors: list[ContentError] = []
    by_slug: dict[str, dict[str, tuple[ParsedFile, PlanText, tuple[PlanCard, ...]]]] = {}
    for path in sorted(sessions_dir.glob("*.md")):
        parsed = parse_file(path, root)
        match = FILENAME.match(path.name)
        if match is None or match.group("lang") not in LANGUAGES:
            parsed.error(1, "file name must look like 'slug.en.md' or 'slug.cy.md'")
            errors.extend(parsed.errors)
            continue
        lang = match.group("lang")
        text = _plan_text(parsed, lang) if not parsed.errors else None
        cards: tuple[PlanCard, ...] = ()
        if text is not None:
            if parsed.meta["slug"] != match.group("slug"):
                parsed.error(parsed.line_of("slug"), "slug does not match the file name")
            cards = _plan_cards(parsed, known_numbers)
        errors.extend(parsed.errors)
        if text is not None and not parsed.errors:
            by_slug.setdefault(match.group("slug"), {})[lang] = (parsed, text, cards)

    plans: list[Plan] = []
    for slug, versions in sorted(by_slug.items()):
        first_path = next(iter(versions.values()))[0].path
        missing = [lang for lang in LANGUAGES if lang not in versions]
        for lang in missing:
            errors.append(ContentError(first_path, 1, f"no '{lang}' version of this plan"))
        if missing:
            continue
        en_parsed, _text, en_cards = versions["en"]
        ok = True
        for parsed, _t, cards in versions.values():
            if cards != en_cards:
                errors.append(
                    ContentError(
                        parsed.path,
                        parsed.line_of("cards"),
                        "'cards' differs from the English version",
                    )
                )
                ok = False
            if parsed.meta["minutes"] != en_parsed.meta["minutes"]:
                errors.append(
                    ContentError(
                        parsed.path,
                        parsed.line_of("minutes"),
                        "'minutes' differs from the English version",
                    )
                )
                ok = False
        if ok:
            plans.append(
                Plan(
                    slug=slug,
                    minutes=int(en_parsed.meta["minutes"]),
                    cards=en_cards,
                    texts={lang: text for lang, (_p, text, _c) in versions.items()},
                )
            )
    return plans, errors
