"""Builders for realistic SessionSummary objects, in English or Welsh.

``make_summary`` stands in for the live-session store: it starts from every reflection
made in a pretend session, including one the facilitator hid (it carries ``CANARY``), and
keeps only what a summary may hold. Card 4 had too few contributors (``enough=False``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.exports.summary import (
    INCLUDE_REVEALED,
    CardSummary,
    Count,
    SessionSummary,
    SummaryReflection,
)

CANARY = "CANARY-7f3a-hidden-reflection"
SUPPRESSED_CARD = 4
# Text of card 4's only reflections: below the threshold, so never in the summary.
SUPPRESSED_TEXT = "SUPPRESSED-below-threshold-reflection"


@dataclass(frozen=True)
class Made:
    """A reflection as the store holds it, before the summary filters it."""

    card: int
    kind: str
    level: str | None
    phase: str
    text: str
    hidden: bool = False


CARDS = {
    "en": [
        (1, "placement-moves", "Placement moves", "Every move costs a young person something."),
        (2, "not-only-cse", "Not only CSE", "The label did not decide who struggled later."),
        (4, "going-missing", "Going missing", "Going missing is a sign, not a verdict."),
    ],
    "cy": [
        (1, "placement-moves", "Symud lleoliad", "Mae pob symudiad yn costio rhywbeth."),
        (
            2,
            "not-only-cse",
            "Nid CRhB yn unig",
            "Nid y label oedd yn penderfynu pwy oedd yn cael trafferth.",
        ),
        (4, "going-missing", "Mynd ar goll", "Arwydd yw mynd ar goll, nid dyfarniad."),
    ],
}

MADE = {
    "en": [
        Made(1, "think", None, "think", "We move children after one bad week & call it safety."),
        Made(
            1,
            "think",
            None,
            "pairs",
            'Nobody keeps the "whole story" when the social worker changes.',
        ),
        Made(1, "think", None, "share", "=SUM(A1:A9) looks like a formula but is just text."),
        Made(1, "change", "me", "share", "Ask what the move will cost in every planning meeting."),
        Made(1, "change", "team", "share", "Count placement moves at every review."),
        Made(1, "change", "system", "share", "Make stability a shared measure."),
        Made(1, "think", None, "share", f"{CANARY} a reflection the facilitator hid", hidden=True),
        Made(2, "think", None, "think", "Labels decide who gets a service, not need."),
        Made(2, "think", None, "pairs", "Outcomes were poor whether or not CSE was named."),
        Made(2, "change", "organisation", "share", "Offer support on need, not on the label."),
        Made(4, "think", None, "think", SUPPRESSED_TEXT),
    ],
    "cy": [
        Made(1, "think", None, "think", "Rydyn ni'n symud plant ar ôl un wythnos wael."),
        Made(
            1,
            "think",
            None,
            "pairs",
            "Does neb yn cadw'r stori gyfan pan fydd y gweithiwr yn newid.",
        ),
        Made(
            1,
            "think",
            None,
            "share",
            "Mae lleoliadau'n chwalu'n rhy gyflym; ŵyr neb pam — ŷm ni'n gwybod?",
        ),
        Made(1, "change", "me", "share", "Gofyn beth fydd y symudiad yn ei gostio."),
        Made(1, "change", "team", "share", "Cyfrif symudiadau ym mhob adolygiad."),
        Made(1, "change", "system", "share", "Gwneud sefydlogrwydd yn fesur a rennir."),
        Made(1, "think", None, "share", f"{CANARY} myfyrdod a guddiwyd", hidden=True),
        Made(2, "think", None, "think", "Mae labeli'n penderfynu pwy sy'n cael gwasanaeth."),
        Made(2, "think", None, "pairs", "Roedd canlyniadau'n wael p'un a enwyd CRhB ai peidio."),
        Made(2, "change", "organisation", "share", "Cynnig cymorth yn ôl angen, nid label."),
        Made(4, "think", None, "think", SUPPRESSED_TEXT),
    ],
}

WORDS = {
    "en": {
        "title": "Induction: Cardiff team",
        "plan": "90-minute induction for new staff",
        "themes": [("placement-stability", "Placement stability", 9), ("outcomes", "Outcomes", 7)],
        "phrases": [("one-bad-week", "one bad week", 4), ("whole-story", "whole story", 3)],
        "card_phrases": {1: [("one-bad-week", "one bad week", 4)], 2: [("labels", "labels", 3)]},
        "roles": [("social-work", "Social work", 12), ("residential", "Residential care", 9)],
    },
    "cy": {
        "title": "Sefydlu: tîm Caerdydd",
        "plan": "Sesiwn sefydlu 90 munud i staff newydd",
        "themes": [
            ("placement-stability", "Sefydlogrwydd lleoliadau", 9),
            ("outcomes", "Canlyniadau", 7),
        ],
        "phrases": [("one-bad-week", "un wythnos wael", 4), ("whole-story", "stori gyfan", 3)],
        "card_phrases": {1: [("one-bad-week", "un wythnos wael", 4)], 2: [("labels", "labeli", 3)]},
        "roles": [("social-work", "Gwaith cymdeithasol", 12), ("residential", "Gofal preswyl", 9)],
    },
}


def _counts(rows: list[tuple[str, str, int]]) -> tuple[Count, ...]:
    return tuple(Count(key, label, count) for key, label, count in rows)


def make_summary(lang: str = "en", *, include: str = INCLUDE_REVEALED) -> SessionSummary:
    """A 3-card summary in ``lang``; the third card (number 4) has ``enough=False``."""
    words = WORDS[lang]
    made = [m for m in MADE[lang] if not m.hidden]  # hidden ones never reach a summary
    cards = []
    for number, slug, title, message in CARDS[lang]:
        enough = number != SUPPRESSED_CARD
        reflections = tuple(
            SummaryReflection(m.card, m.kind, m.level, m.phase, m.text)
            for m in made
            if m.card == number and enough
        )
        changes: dict[str, tuple[str, ...]] = {}
        for reflection in reflections:
            if reflection.kind == "change" and reflection.level:
                changes[reflection.level] = (*changes.get(reflection.level, ()), reflection.text)
        cards.append(
            CardSummary(
                number=number,
                slug=slug,
                title=title,
                message=message,
                enough=enough,
                contributors=(12 if number == 1 else 6) if enough else None,
                reflections=reflections,
                key_phrases=_counts(words["card_phrases"].get(number, [])) if enough else (),
                changes=changes,
            )
        )
    return SessionSummary(
        code="K7Q2MX",
        title=words["title"],
        lang=lang,
        day=date(2026, 11, 25),
        plan_title=words["plan"],
        k_threshold=3,
        include=include,
        participants=24,
        cards=tuple(cards),
        themes=_counts(words["themes"]),
        key_phrases=_counts(words["phrases"]),
        role_groups=_counts(words["roles"]),
        role_groups_hidden=True,
        changes_by_level={
            level: tuple(t for c in cards for t in c.changes.get(level, ()))
            for level in ("me", "team", "organisation", "system")
        },
    )
