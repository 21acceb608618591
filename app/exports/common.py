"""Labels and groupings every export format shares, so all formats say the same thing.

UI strings are marked with ``_()`` for extraction and translated with
:func:`app.i18n.translate` into the export's language, never the request's.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from babel.dates import format_date, format_time, get_timezone

from app import i18n
from app.content.themes import LEVELS
from app.exports.summary import (
    INCLUDE_ALL,
    AgreedAction,
    BandCounts,
    CardSummary,
    ConfidenceItem,
    Count,
    SessionSummary,
)
from app.i18n import _

NOT_ENOUGH = _("Not enough responses to show.")
ROLE_GROUPS_HIDDEN = _("Some role groups are not shown because too few people were in them.")
NO_REFLECTIONS = _("No reflections to show.")

KINDS = {"think": _("Stop and think"), "change": _("What could change?")}
PHASES = {"think": _("Think"), "pairs": _("Pairs"), "share": _("Share")}
# British English dates ("25 November 2026"), Welsh ones ("25 Tachwedd 2026").
BABEL_LOCALES = {"en": "en_GB", "cy": "cy_GB"}
WALES = get_timezone("Europe/London")


def t(lang: str, message: str, **values: object) -> str:
    """Translate ``message`` into ``lang`` and fill its ``%(name)s`` placeholders."""
    text = i18n.translate(lang, message)
    return text % values if values else text


def ntranslate(lang: str, singular: str, plural: str, count: int, **values: object) -> str:
    """:func:`app.i18n.ntranslate`, then fill ``%(count)s`` and any other placeholders.

    Same name and argument order as the original, so ``make messages`` extracts the calls.
    """
    return i18n.ntranslate(lang, singular, plural, count) % {"count": count, **values}


def export_lang(summary: SessionSummary, lang: str | None) -> str:
    """The language to label an export in: the one asked for, else the summary's own.

    ``"both"`` labels everything in Welsh, then English ("Cerdyn / Card").
    """
    for asked in (lang, summary.lang):
        if asked == i18n.BOTH:
            return i18n.BOTH
        if found := i18n.normalise(asked):
            return found
    return i18n.LANGUAGES[0]


def document_lang(lang: str) -> str:
    """The language to declare for a document (``lang=""``): Welsh comes first in "both"."""
    return i18n.spoken(lang)[0]


def level_label(lang: str, level: str | None) -> str:
    return t(lang, LEVELS[level]) if level in LEVELS else ""


def kind_label(lang: str, kind: str) -> str:
    return t(lang, KINDS[kind]) if kind in KINDS else kind


def phase_label(lang: str, phase: str) -> str:
    return t(lang, PHASES[phase]) if phase in PHASES else phase


def format_day(lang: str, summary: SessionSummary) -> str:
    return " / ".join(
        format_date(summary.day, format="long", locale=BABEL_LOCALES.get(one, one))
        for one in i18n.spoken(lang)
    )


def interim_note(lang: str, summary: SessionSummary) -> str:
    """For a summary made while the session runs: say so, with the time (else "")."""
    if summary.interim_at is None:
        return ""
    if lang == i18n.BOTH:  # each sentence with its own date words: Welsh, then English
        return " / ".join(interim_note(one, summary) for one in i18n.spoken(lang))
    made = summary.interim_at
    return t(
        lang,
        _(
            "Interim summary, made at %(time)s on %(day)s while the session was still "
            "running. Reflections added later are not in it."
        ),
        time=format_time(made, "HH:mm", tzinfo=WALES, locale=BABEL_LOCALES.get(lang, lang)),
        day=format_date(
            made.astimezone(WALES).date(), format="long", locale=BABEL_LOCALES.get(lang, lang)
        ),
    )


def include_label(lang: str, summary: SessionSummary) -> str:
    if summary.include == INCLUDE_ALL:
        return t(lang, _("All reflections, including those not shown on screen"))
    return t(lang, _("Only reflections revealed on screen"))


def privacy_note(lang: str, summary: SessionSummary) -> str:
    k = summary.k_threshold
    return ntranslate(
        lang,
        "Reflections were anonymised and redacted. Groups with fewer than %(count)s "
        "contributor are not shown.",
        "Reflections were anonymised and redacted. Groups with fewer than %(count)s "
        "contributors are not shown.",
        k,
    )


def participants_text(lang: str, summary: SessionSummary) -> str:
    if summary.participants is None:
        return t(lang, NOT_ENOUGH)
    return ntranslate(lang, "%(count)s participant", "%(count)s participants", summary.participants)


def contributors_text(lang: str, card: CardSummary) -> str:
    if not card.enough or card.contributors is None:
        return t(lang, NOT_ENOUGH)
    return ntranslate(lang, "%(count)s contributor", "%(count)s contributors", card.contributors)


def card_heading(lang: str, card: CardSummary) -> str:
    if lang == i18n.BOTH:  # the title is already in both: "Cerdyn 5 / Card 5: Teitl / Title"
        return f"{t(lang, _('Card %(number)s'), number=card.number)}: {card.title}"
    return t(lang, _("Card %(number)s: %(title)s"), number=card.number, title=card.title)


def thinking(card: CardSummary) -> tuple[str, ...]:
    """The card's "Stop and think" reflections (changes are listed by level instead)."""
    return tuple(r.text for r in card.reflections if r.kind != "change")


def changes_by_level(
    changes: dict[str, tuple[str, ...]], card: CardSummary | None = None
) -> list[tuple[str, tuple[str, ...]]]:
    """(level, items) in the order Me, Team, Organisation, System, skipping empty levels.

    When ``changes`` is empty the card's "change" reflections are grouped instead, so a
    summary that only fills ``reflections`` still exports its changes.
    """
    grouped = dict(changes)
    if not grouped and card is not None:
        for reflection in card.reflections:
            if reflection.kind == "change" and reflection.level:
                grouped[reflection.level] = (*grouped.get(reflection.level, ()), reflection.text)
    ordered = [level for level in LEVELS if level in grouped]
    ordered += sorted(level for level in grouped if level not in LEVELS)
    return [(level, grouped[level]) for level in ordered if grouped[level]]


def theme_quotes(counts: Sequence[Count]) -> list[tuple[str, str]]:
    """(theme, quote) for the themes that have a quote the room was shown."""
    return [(count.label, count.quote) for count in counts if count.quote]


QUOTES_HEADING = _("In the room's words")


def count_rows(counts: Sequence[Count]) -> list[tuple[str, int]]:
    return [(count.label, count.count) for count in counts]


@dataclass(frozen=True)
class Chart:
    """What a chart shows, in the export's language; drawn as SVG or PNG by the format."""

    title: str
    desc: str
    rows: list[tuple[str, int]]


def themes_chart(lang: str, summary: SessionSummary) -> Chart:
    return Chart(
        title=t(lang, _("Themes across the session")),
        desc=t(
            lang,
            _(
                "Bar chart: how many people's reflections touched each theme. "
                "The same numbers are in the table that follows."
            ),
        ),
        rows=count_rows(summary.themes),
    )


def role_groups_chart(lang: str, summary: SessionSummary) -> Chart:
    return Chart(
        title=t(lang, _("Who took part, by role")),
        desc=t(
            lang,
            _(
                "Bar chart: how many people took part from each role group. "
                "The same numbers are in the table that follows."
            ),
        ),
        rows=count_rows(summary.role_groups),
    )


def filename(summary: SessionSummary, extension: str) -> str:
    """``cyt-ABC123-2026-11-25.pdf``: the code and day only, nothing about anyone."""
    code = "".join(ch for ch in summary.code if ch.isalnum()) or "session"
    interim = ""
    if summary.interim_at is not None:
        interim = "-interim-" + summary.interim_at.astimezone(WALES).strftime("%H%M")
    return f"cyt-{code}-{summary.day.isoformat()}{interim}.{extension}"


# Evidence of change (#15): confidence before and after, and the actions voted for ------

CONFIDENCE_HEADING = _("Confidence before and after")
ACTIONS_HEADING = _("Actions we agreed")
HELD_BACK = _("Some answers are held back because too few people gave them.")


def confidence_rows(lang: str, item: ConfidenceItem) -> list[tuple[str, str, str]]:
    """(band, before, after) as text: a count, "held back", or "not enough" for a stage."""
    from app.evidence import BANDS

    def cell(stage: BandCounts, key: str) -> str:
        if not stage.enough:
            return t(lang, _("Not enough answers"))
        found = {c.key: c.count for c in stage.bands}
        return str(found[key]) if key in found else t(lang, _("held back"))

    return [
        (t(lang, label), cell(item.before, key), cell(item.after, key))
        for key, label in BANDS.items()
    ]


def confidence_note(lang: str, item: ConfidenceItem) -> str | None:
    return t(lang, HELD_BACK) if item.before.held_back or item.after.held_back else None


def respondents_text(lang: str, item: ConfidenceItem) -> str:
    """ "Answered: 8 before, 7 after" with counts only where they may be shown."""
    parts = []
    for stage, label in ((item.before, _("before")), (item.after, _("after"))):
        count = str(stage.respondents) if stage.respondents is not None else "–"
        parts.append(f"{count} {t(lang, label)}")
    return t(lang, _("Answered: %(counts)s"), counts=", ".join(parts))


def actions_note(lang: str, summary: SessionSummary) -> str:
    agreed = summary.actions
    if not agreed.held:
        return t(lang, _("No vote on actions was held in this session."))
    if not agreed.enough or agreed.voters is None:
        return t(lang, _("Not enough votes to show."))
    return ntranslate(lang, "%(count)s person voted.", "%(count)s people voted.", agreed.voters)


def agreed_by_level(summary: SessionSummary) -> list[tuple[str, list[AgreedAction]]]:
    """(level, actions) in the order Me, Team, Organisation, System, each by votes."""
    return [
        (level, found)
        for level in LEVELS
        if (found := [a for a in summary.actions.items if a.level == level])
    ]


def votes_text(lang: str, votes: int) -> str:
    return ntranslate(lang, "%(count)s vote", "%(count)s votes", votes)
