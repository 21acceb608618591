"""Retention: delete what people wrote once a session has been over for N days.

A job over the store, run by ``cyt purge`` (safe from cron: idempotent, and it prints what
it removed). Only aggregate counts that already passed the k-threshold are kept, as
computed by :mod:`app.aggregates`: per-card reflection counts, theme tags and role groups.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import evidence, store
from app.aggregates import session_figures
from app.content.deck import Deck
from app.models import AggregateCount, LiveSession


@dataclass
class PurgedSession:
    code: str
    removed: dict[str, int]


@dataclass
class PurgeReport:
    cutoff: datetime
    sessions: list[PurgedSession] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.sessions:
            return [f"nothing to purge (sessions ended before {self.cutoff:%Y-%m-%d})"]
        return [
            f"purged {s.code}: " + ", ".join(f"{count} {name}" for name, count in s.removed.items())
            for s in self.sessions
        ]


def aggregate_rows(db: Session, deck: Deck | None, live: LiveSession) -> list[AggregateCount]:
    """The counts worth keeping: each passes the session's k-threshold."""
    figures = session_figures(db, deck, live)
    session_id = live.id or 0
    rows = [
        AggregateCount(session_id=session_id, card_number=number, kind="reflections", count=n)
        for number, n in figures.card_counts.items()
    ]
    rows += [
        AggregateCount(session_id=session_id, kind="theme", key=tag, count=count)
        for tag, count in figures.theme_tags
    ]
    rows += [
        AggregateCount(session_id=session_id, kind="role_group", key=group, count=count)
        for group, count in figures.role_groups.shown.items()
    ]
    # The before-and-after check: only the bands that could be shown (#15).
    for item in evidence.confidence(db, live, live.lang):
        for stage, counts in (("before", item.before), ("after", item.after)):
            rows += [
                AggregateCount(
                    session_id=session_id,
                    kind="confidence",
                    key=f"{item.key}:{stage}:{band.key}",
                    count=band.count,
                )
                for band in counts.bands
            ]
    return rows


def purge_session(db: Session, *, live: LiveSession, deck: Deck | None) -> PurgedSession:
    """Keep thresholded counts, then delete reflections, concerns and device hashes."""
    store.save_aggregates(db, live=live, rows=aggregate_rows(db, deck, live))
    return PurgedSession(live.code, store.delete_personal_data(db, live=live))


def purge(
    engine: Engine, *, days: int, deck: Deck | None = None, now: datetime | None = None
) -> PurgeReport:
    """Purge every session that ended more than ``days`` days ago (idempotent)."""
    cutoff = store.cutoff_for(days, now)
    report = PurgeReport(cutoff)
    with Session(engine, expire_on_commit=False) as db:
        for live in store.sessions_ended_before(db, cutoff=cutoff):
            report.sessions.append(purge_session(db, live=live, deck=deck))
    return report
