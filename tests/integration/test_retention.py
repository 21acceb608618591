"""Retention: purge removes what people wrote, keeps thresholded counts, and is idempotent."""

from __future__ import annotations

import subprocess
import sys
from datetime import timedelta

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.config import Settings
from app.models import AggregateCount, LiveSession, Participant, Reflection, utcnow
from app.retention import purge
from tests.live_helpers import create_session, join, phone, reflect


def ended_session_with_reflections(app: FastAPI, client: TestClient, people: int = 3) -> str:
    session = create_session(client)
    session.act("next")
    for n in range(people):
        device = phone(app)
        join(device, session.code, role_group="police" if n < 2 else "health")
        reflect(device, session.code, f"Stability and trusted relationships, thought {n}")
    session.act("end")
    return session.code


def age_session(app: FastAPI, code: str, days: int) -> None:
    with Session(app.state.engine) as db:
        live = db.exec(select(LiveSession).where(LiveSession.code == code)).one()
        live.ended_at = utcnow() - timedelta(days=days)
        db.add(live)
        db.commit()


def count(app: FastAPI, model: type) -> int:
    with Session(app.state.engine) as db:
        return len(db.exec(select(model)).all())


def test_purge_deletes_old_sessions_and_keeps_thresholded_counts(
    app: FastAPI, client: TestClient, settings: Settings
) -> None:
    old = ended_session_with_reflections(app, client)
    recent = ended_session_with_reflections(app, client)
    age_session(app, old, days=31)

    report = purge(app.state.engine, days=30, deck=app.state.deck)

    assert [s.code for s in report.sessions] == [old]
    assert report.sessions[0].removed == {"reflections": 3, "concerns": 0, "participants": 3}
    assert count(app, Reflection) == 3 and count(app, Participant) == 3  # the recent session
    with Session(app.state.engine) as db:
        kept = db.exec(select(AggregateCount)).all()
    kinds = {(row.kind, row.key, row.count) for row in kept}
    assert ("reflections", "", 3) in kinds
    assert any(kind == "theme" and number == 3 for kind, _key, number in kinds)
    # role groups: police has 2 people (< k), health 1: both suppressed, none kept.
    assert not any(kind == "role_group" for kind, _key, _n in kinds)
    assert recent not in report.lines()[0]


def test_purge_is_idempotent(app: FastAPI, client: TestClient, settings: Settings) -> None:
    old = ended_session_with_reflections(app, client)
    age_session(app, old, days=40)
    first = purge(app.state.engine, days=30, deck=app.state.deck)
    second = purge(app.state.engine, days=30, deck=app.state.deck)
    assert len(first.sessions) == 1
    assert second.sessions == []
    assert second.lines()[0].startswith("nothing to purge")


def test_running_sessions_are_never_purged(
    app: FastAPI, client: TestClient, settings: Settings
) -> None:
    session = create_session(client)
    session.act("next")
    device = phone(app)
    join(device, session.code)
    reflect(device, session.code, "Still running")
    report = purge(app.state.engine, days=0, deck=app.state.deck)
    assert report.sessions == []
    assert count(app, Reflection) == 1


def test_cyt_purge_command_prints_what_it_removed(
    app: FastAPI, client: TestClient, settings: Settings
) -> None:
    old = ended_session_with_reflections(app, client)
    age_session(app, old, days=31)
    env = {
        "CYT_DATA_DIR": str(settings.data_dir),
        "CYT_DATABASE_URL": settings.database_url,
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "purge"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert f"purged {old}: 3 reflections, 0 concerns, 3 participants" in result.stdout
