"""Retention: delete what people wrote once a session has been over for N days.

Only aggregate counts that already passed the k-threshold are kept (per-card reflection
counts, theme tags and role groups). Safe to run from cron: idempotent, and it prints
what it removed.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from app import evidence, store
from app.content.deck import Deck
from app.models import AggregateCount, LiveSession
from app.privacy.threshold import meets_threshold, threshold_groups
from app.roles import UNDISCLOSED
from app.themes import theme_tag_counts


@dataclass
class PurgedSession:
    code: str
    removed: dict[str, int]
    exports_removed: int = 0


@dataclass
class PurgeReport:
    cutoff: datetime
    sessions: list[PurgedSession] = field(default_factory=list)

    def lines(self) -> list[str]:
        if not self.sessions:
            return [f"nothing to purge (sessions ended before {self.cutoff:%Y-%m-%d})"]
        return [
            f"purged {s.code}: "
            + ", ".join(f"{count} {name}" for name, count in s.removed.items())
            + (f", {s.exports_removed} saved exports" if s.exports_removed else "")
            for s in self.sessions
        ]


def aggregate_rows(db: Session, deck: Deck | None, live: LiveSession) -> list[AggregateCount]:
    """The counts worth keeping: each passes the session's k-threshold."""
    k = live.k_threshold
    rows: list[AggregateCount] = []
    by_card = store.contributors_by_card(db, live=live)
    for number, people in sorted(by_card.items()):
        if meets_threshold(people, k):
            rows.append(
                AggregateCount(
                    session_id=live.id or 0,
                    card_number=number,
                    kind="reflections",
                    count=len(people),
                )
            )
    if deck is not None:
        card_themes = {n: c.themes for n in by_card if (c := deck.card_by_number(n))}
        for tag, count in theme_tag_counts(by_card, card_themes, k=k):
            rows.append(AggregateCount(session_id=live.id or 0, kind="theme", key=tag, count=count))
    groups = {
        g: people
        for g, people in store.role_group_contributors(db, live=live).items()
        if g != UNDISCLOSED
    }
    for group, count in threshold_groups(groups, k).shown.items():
        rows.append(
            AggregateCount(session_id=live.id or 0, kind="role_group", key=group, count=count)
        )
    # The before-and-after check: only the bands that could be shown (#15).
    for item in evidence.confidence(db, live, live.lang):
        for stage, counts in (("before", item.before), ("after", item.after)):
            rows += [
                AggregateCount(
                    session_id=live.id or 0,
                    kind="confidence",
                    key=f"{item.key}:{stage}:{band.key}",
                    count=band.count,
                )
                for band in counts.bands
            ]
    return rows


def exports_dir(data_dir: Path, code: str) -> Path:
    return data_dir / "exports" / code


def purge_session(
    db: Session, *, live: LiveSession, deck: Deck | None, data_dir: Path | None
) -> PurgedSession:
    """Keep thresholded counts, then delete reflections, concerns, device hashes, exports."""
    store.save_aggregates(db, live=live, rows=aggregate_rows(db, deck, live))
    removed = store.delete_personal_data(db, live=live)
    exports = 0
    if data_dir is not None:
        folder = exports_dir(data_dir, live.code)
        if folder.exists():
            exports = sum(1 for path in folder.rglob("*") if path.is_file())
            shutil.rmtree(folder)
    return PurgedSession(live.code, removed, exports)


def purge(
    engine: Engine,
    *,
    days: int,
    deck: Deck | None = None,
    data_dir: Path | None = None,
    now: datetime | None = None,
) -> PurgeReport:
    """Purge every session that ended more than ``days`` days ago (idempotent)."""
    cutoff = store.cutoff_for(days, now)
    report = PurgeReport(cutoff)
    with Session(engine, expire_on_commit=False) as db:
        for live in store.sessions_ended_before(db, cutoff=cutoff):
            report.sessions.append(purge_session(db, live=live, deck=deck, data_dir=data_dir))
    return report
