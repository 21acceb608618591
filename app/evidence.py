"""Evidence that a session changed something (#15): confidence before and after, and the
actions the room chose. Every figure passes the k-threshold here, before it can reach a
console, a projector or an export.

Answers are shown in three bands (disagree 1–2, not sure 3, agree 4–5) rather than five
points: in a room of ten, five cells would nearly all fall under the threshold, three
usually do not. Each band is a group for :func:`threshold_groups`, so a small band is held
back together with the next smallest (complementary suppression), and a stage with fewer
than k answers shows nothing at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from markupsafe import Markup
from sqlmodel import Session

from app import store
from app.charts import FONT_FAMILY, INK
from app.content.deck import Deck
from app.content.statements import chosen
from app.content.themes import LEVELS
from app.exports.summary import (
    ActionsAgreed,
    AgreedAction,
    BandCounts,
    ConfidenceItem,
    Count,
)
from app.i18n import _, ntranslate, translate
from app.models import LiveSession, Reflection, utcnow
from app.privacy.threshold import threshold_groups

BANDS: dict[str, str] = {
    "disagree": _("Disagree (1–2)"),
    "unsure": _("Not sure (3)"),
    "agree": _("Agree (4–5)"),
}
SCALE_LABELS: dict[int, str] = {
    1: _("Strongly disagree"),
    2: _("Disagree"),
    3: _("Neither agree nor disagree"),
    4: _("Agree"),
    5: _("Strongly agree"),
}
STAGES: dict[str, str] = {"before": _("Before"), "after": _("After")}
TOP_PER_LEVEL = 3

# Before in a light tint, after in the brand colour: the change reads left to right.
BEFORE_FILL = "#8fbfb8"
AFTER_FILL = "#1d5c57"


def band(score: int) -> str:
    return "disagree" if score <= 2 else "unsure" if score == 3 else "agree"


def _bands(answer_ids: dict[str, set[str]], k: int, lang: str) -> BandCounts:
    respondents = sum(len(ids) for ids in answer_ids.values())
    if respondents < k:
        return BandCounts(enough=False, respondents=None, bands=(), held_back=False)
    result = threshold_groups(answer_ids, k)
    shown = tuple(
        Count(key, translate(lang, label), result.shown[key])
        for key, label in BANDS.items()
        if key in result.shown
    )
    return BandCounts(
        enough=bool(shown), respondents=result.total, bands=shown, held_back=bool(result.suppressed)
    )


def confidence(db: Session, live: LiveSession, lang: str) -> tuple[ConfidenceItem, ...]:
    """Each chosen statement with its before and after bands, thresholded."""
    asked = chosen(live.check_statements)
    if not asked:
        return ()
    k = live.k_threshold
    answers: dict[tuple[str, str], list[tuple[int, int]]] = {}
    for row_id, stage, key, score in store.check_scores(db, live=live):
        answers.setdefault((key, stage), []).append((row_id, score))
    groups: dict[tuple[str, str], dict[str, set[str]]] = {}
    for cell_key, rows in answers.items():
        # Count answers in whole steps of k (the first 3, 6, 9...): the figures on a live
        # screen then never move for one person's answer, so watching someone tap and
        # seeing a band grow tells nothing about them.
        counted = sorted(rows)[: len(rows) - len(rows) % k]
        cell = groups.setdefault(cell_key, {name: set() for name in BANDS})
        for row_id, score in counted:
            cell[band(score)].add(str(row_id))  # one answer row per device and stage
    empty: dict[str, set[str]] = {name: set() for name in BANDS}
    return tuple(
        ConfidenceItem(
            key=statement.id,
            statement=statement.in_lang(lang),
            before=_bands(groups.get((statement.id, "before"), empty), k, lang),
            after=_bands(groups.get((statement.id, "after"), empty), k, lang),
        )
        for statement in asked
    )


def actions_agreed(db: Session, live: LiveSession) -> ActionsAgreed:
    """The actions the room voted for, top few per level, once at least k devices voted."""
    if not live.vote_state:
        return ActionsAgreed(held=False, enough=False, voters=None, items=())
    voters = store.ballot_counts(db, live=live).get("vote", 0)
    if voters < live.k_threshold:
        return ActionsAgreed(held=True, enough=False, voters=None, items=())
    tallies = store.vote_tallies(db, live=live)
    candidates = [r for r in store.vote_candidates(db, live=live) if tallies.get(r.id or 0)]
    items: list[AgreedAction] = []
    for level in LEVELS:
        at_level = sorted(
            (r for r in candidates if r.level == level),
            key=lambda r: (-tallies[r.id or 0], r.id or 0),
        )
        items += [
            AgreedAction(level=level, text=r.text, votes=tallies[r.id or 0])
            for r in at_level[:TOP_PER_LEVEL]
        ]
    return ActionsAgreed(held=True, enough=True, voters=voters, items=tuple(items))


def by_level(actions: ActionsAgreed) -> list[tuple[str, list[AgreedAction]]]:
    """(level, its actions) in the order Me, Team, Organisation, System; empty levels left out."""
    return [
        (level, found)
        for level in LEVELS
        if (found := [item for item in actions.items if item.level == level])
    ]


def chart_svg(item: ConfidenceItem, lang: str, *, width: int = 560, label_size: int = 15) -> str:
    """Before and after, side by side for each band, as accessible inline SVG.

    No ``style`` attributes (the app's CSP refuses them). The same numbers are always
    printed in a table beside the chart.
    """
    counts = {stage: {c.key: c.count for c in getattr(item, stage).bands} for stage in STAGES}
    biggest = max([n for stage in counts.values() for n in stage.values()] or [1])
    label_width = round(max(width * 0.36, label_size * 10.5))
    bar_height = round(label_size * 1.1)
    gap = round(label_size * 0.35)
    row_height = 2 * bar_height + gap + round(label_size * 1.1)
    legend = round(label_size * 2.2)
    height = legend + len(BANDS) * row_height
    track = width - label_width - round(label_size * 5.5)
    title = translate(lang, "Confidence before and after")
    held = translate(lang, "held back")
    summary = "; ".join(
        f"{translate(lang, label)}: "
        + ", ".join(
            f"{translate(lang, STAGES[stage])} {counts[stage].get(key, held)}" for stage in STAGES
        )
        for key, label in BANDS.items()
    )
    chart_id = f"confidence-{item.key}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart--confidence" role="img" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family={quoteattr(FONT_FAMILY)}>',
        f'<title id="{chart_id}-title">{escape(title)}: {escape(item.statement)}</title>',
        f'<desc id="{chart_id}-desc">{escape(summary)}</desc>',
        '<g aria-hidden="true">',
    ]
    x = label_width
    for stage, fill in (("before", BEFORE_FILL), ("after", AFTER_FILL)):
        parts.append(
            f'<rect x="{x}" y="{round(label_size * 0.3)}" width="{label_size}" '
            f'height="{label_size}" rx="2" fill="{fill}"/>'
            f'<text x="{x + round(label_size * 1.4)}" y="{label_size + round(label_size * 0.15)}" '
            f'font-size="{label_size}" fill="{INK}">{escape(translate(lang, STAGES[stage]))}</text>'
        )
        x += round(label_size * 7)
    for index, (key, label) in enumerate(BANDS.items()):
        y = legend + index * row_height
        parts.append(
            f'<text x="0" y="{y + bar_height + round(gap / 2)}" font-size="{label_size}" '
            f'font-weight="bold" fill="{INK}">{escape(translate(lang, label))}</text>'
        )
        for offset, (stage, fill) in enumerate((("before", BEFORE_FILL), ("after", AFTER_FILL))):
            bar_y = y + offset * (bar_height + gap)
            value = counts[stage].get(key)
            if value is None:  # held back or not enough: a faint dash, explained below the chart
                parts.append(
                    f'<text x="{label_width}" y="{bar_y + bar_height - 3}" '
                    f'font-size="{label_size}" fill="#4a5663">–</text>'
                )
                continue
            length = max(round(track * value / biggest), 2) if value else 0
            parts.append(
                f'<rect x="{label_width}" y="{bar_y}" width="{length}" height="{bar_height}" '
                f'rx="2" fill="{fill}"/>'
                f'<text x="{label_width + length + 6}" y="{bar_y + bar_height - 3}" '
                f'font-size="{label_size}" font-weight="bold" fill="{INK}">{value}</text>'
            )
    parts.append("</g></svg>")
    return "".join(parts)


def stage_rows(item: ConfidenceItem) -> Sequence[tuple[str, int | None, int | None]]:
    """(band key, before, after) for a table beside the chart; None where held back."""
    before = {c.key: c.count for c in item.before.bands}
    after = {c.key: c.count for c in item.after.bands}
    return [(key, before.get(key), after.get(key)) for key in BANDS]


# What the live screens show ------------------------------------------------------------


def room_part(db: Session, live: LiveSession, lang: str, *, large: bool = False) -> dict[str, Any]:
    """The console's and the projector's evidence panel: thresholded figures only."""
    items = confidence(db, live, lang)
    size = {"width": 900, "label_size": 34} if large else {}
    agreed = actions_agreed(db, live)
    return {
        "live": live,
        "confidence": [
            {"item": item, "chart": Markup(chart_svg(item, lang, **size)), "rows": stage_rows(item)}
            for item in items
        ],
        "agreed": agreed,
        "agreed_by_level": by_level(agreed),
        "ballots": store.ballot_counts(db, live=live),
        "candidates": len(store.vote_candidates(db, live=live)) if live.vote_state else 0,
        "BANDS": BANDS,
        "STAGES": STAGES,
    }


def session_minutes(live: LiveSession, now: datetime | None = None) -> int:
    """Minutes from the first deal to the end (or now), for a CPD record; at least 1."""
    start = live.started_at or live.created_at
    end = live.ended_at or now or utcnow()
    if start.tzinfo is None:
        start = start.replace(tzinfo=UTC)
    if end.tzinfo is None:
        end = end.replace(tzinfo=UTC)
    return max(1, min(600, round((end - start).total_seconds() / 60)))


def _split(total: int, parts: int) -> list[int]:
    """``total`` minutes shared over ``parts`` cards so the shares add up to the total."""
    if parts <= 0:
        return []
    share, extra = divmod(total, parts)
    return [share + (1 if index < extra else 0) for index in range(parts)]


def takeaway(
    deck: Deck, live: LiveSession, mine: Sequence[Reflection], lang: str
) -> dict[str, Any]:
    """One person's record of the session, for their device and their CPD record.

    Built from their own (already redacted) reflections and the cards dealt; nothing is
    stored. ``entries`` has the shape of the solo journal's entries (static/js/solo.js),
    one per card discussed, with ids that stay the same so keeping twice replaces.
    """
    numbers = store.dealt_card_numbers(live)
    cards = [card for n in numbers if (card := deck.card_by_number(n)) is not None]
    minutes = session_minutes(live)
    day = (live.started_at or live.created_at).date()
    stamp = live.created_at.strftime("%Y%m%d%H%M")
    entries = []
    for card, share in zip(cards, _split(minutes, len(cards)), strict=True):
        text = card.text(lang)
        thoughts = [r.text for r in mine if r.card_number == card.number and r.kind != "change"]
        changes = [r for r in mine if r.card_number == card.number and r.kind == "change"]
        entries.append(
            {
                "id": f"live-{live.code}-{stamp}-{card.number}",
                "created": live.created_at.isoformat(),
                "lang": lang,
                "card": {"slug": card.slug, "number": card.number, "title": text.title},
                "what": translate(lang, "Discussed with the group in the session “%(title)s”.")
                % {"title": live.title},
                "so_what": "\n\n".join(thoughts),
                "now_what": "\n\n".join(
                    f"{translate(lang, LEVELS[r.level])}: {r.text}" if r.level else r.text
                    for r in changes
                ),
                "level": changes[0].level if changes and changes[0].level else "",
                "minutes": share,
                "session": {"title": live.title, "day": day.isoformat()},
            }
        )
    return {
        "title": live.title,
        "day": day,
        "minutes": minutes,
        "cards": [(card, card.text(lang)) for card in cards],
        "thoughts": [r for r in mine if r.kind != "change"],
        "commitments": [r for r in mine if r.kind == "change"],
        "entries": entries,
    }


def record_markdown(record: dict[str, Any], lang: str, day_text: str) -> str:
    """A person's CPD record of the session as Markdown (Social Care Wales style)."""
    from app.exports.markdown import escape as md

    def t(message: str) -> str:
        return translate(lang, message)

    out = [
        f"# {t('CPD record')}: {md(record['title'])}",
        "",
        f"- **{t('Date')}:** {day_text}",
        f"- **{t('Learning activity')}:** {md(record['title'])}",
        f"- **{t('Type of learning')}:** "
        + t("Facilitated group reflection with the Check your thinking cards"),
        f"- **{t('Time')}:** "
        + ntranslate(lang, "%(count)s minute", "%(count)s minutes", record["minutes"])
        % {"count": record["minutes"]},
        "",
        f"## {t('Cards discussed')}",
        "",
    ]
    out += [
        f"- {card.number}. {md(text.title)}: {md(text.message_text)}"
        for card, text in record["cards"]
    ]
    out += ["", f"## {t('What I reflected on')}", ""]
    out += [f"- {md(r.text)}" for r in record["thoughts"]] or [f"*{t('Nothing written.')}*"]
    out += ["", f"## {t('What I will do differently')}", ""]
    out += [
        f"- **{translate(lang, LEVELS[r.level])}:** {md(r.text)}" if r.level else f"- {md(r.text)}"
        for r in record["commitments"]
    ] or [f"*{t('Nothing written.')}*"]
    out += [
        "",
        f"## {t('How this contributed to my development')}",
        "",
        t("Write a few lines on what you learned and how it will shape your practice."),
        "",
        f"*{t('Made on your phone from your own reflections. The server keeps no copy.')}*",
        "",
    ]
    return "\n".join(out)
