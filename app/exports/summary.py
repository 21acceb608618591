"""The one SessionSummary every export format is rendered from.

Everything in it has already passed redaction (a second time, as a guard) and the
k-threshold: a card or group with too few contributors carries ``enough=False`` and no
text. Hidden reflections and safeguarding concerns are never in it. Strings are already
in the summary's language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

INCLUDE_REVEALED = "revealed"
INCLUDE_ALL = "all"


@dataclass(frozen=True)
class SummaryReflection:
    """One reflection as it may be exported: redacted text, no author, no role group."""

    card_number: int
    kind: str  # "think" (Stop and think) or "change" (What could change?)
    level: str | None  # for "change": me, team, organisation or system
    phase: str  # think, pairs, share
    text: str


@dataclass(frozen=True)
class Count:
    """A label and how many distinct people it stands for (already thresholded)."""

    key: str
    label: str
    count: int
    quote: str | None = None  # themes: one reflection of it the room was shown


@dataclass(frozen=True)
class CardSummary:
    number: int
    slug: str
    title: str
    message: str  # plain text of the card's message
    enough: bool  # False: fewer than k contributors, so no text and no counts
    contributors: int | None  # None when not enough
    reflections: tuple[SummaryReflection, ...] = ()
    key_phrases: tuple[Count, ...] = ()
    themes: tuple[Count, ...] = ()  # the facilitator's themes, counted on this card
    # "What could change?" items from reflections, grouped by level (me/team/...).
    changes: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class BandCounts:
    """One stage of the confidence check for one statement, after the k-threshold.

    ``enough`` is False when fewer than k answered (nothing is shown); ``bands`` holds the
    bands that may be shown and ``held_back`` says some were too small to show.
    """

    enough: bool
    respondents: int | None  # None when not enough, or when it would give a band away
    bands: tuple[Count, ...] = ()
    held_back: bool = False


@dataclass(frozen=True)
class ConfidenceItem:
    key: str  # statement id
    statement: str
    before: BandCounts
    after: BandCounts


@dataclass(frozen=True)
class AgreedAction:
    level: str  # me, team, organisation, system
    text: str  # a revealed "What could change?" reflection, redacted
    votes: int


@dataclass(frozen=True)
class ActionsAgreed:
    """The room's vote on actions: ``held`` whether a vote was opened at all."""

    held: bool
    enough: bool  # at least k devices voted
    voters: int | None
    items: tuple[AgreedAction, ...] = ()


NO_VOTE = ActionsAgreed(held=False, enough=False, voters=None)


@dataclass(frozen=True)
class SessionSummary:
    code: str
    title: str
    lang: str
    day: date  # the day only, never a time
    plan_title: str | None
    k_threshold: int
    include: str  # INCLUDE_REVEALED or INCLUDE_ALL
    participants: int | None  # None when fewer than k joined
    cards: tuple[CardSummary, ...]
    themes: tuple[Count, ...]  # the facilitator's themes with people and a quote, thresholded
    key_phrases: tuple[Count, ...]  # across the session, thresholded
    role_groups: tuple[Count, ...]  # thresholded with complementary suppression
    role_groups_hidden: bool  # True when some role groups were suppressed
    changes_by_level: dict[str, tuple[str, ...]] = field(default_factory=dict)
    confidence: tuple[ConfidenceItem, ...] = ()  # empty when the check was not used
    actions: ActionsAgreed = NO_VOTE
    # Set when exported while the session runs: the summary is interim, made at this time.
    interim_at: datetime | None = None

    @property
    def reflections(self) -> tuple[SummaryReflection, ...]:
        return tuple(r for card in self.cards for r in card.reflections)
