"""A made-up name typed by a participant must appear nowhere: not in the database file,
the logs, a stream, a page or an API response."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.live.fragments import FRAGMENTS
from app.live.stream import event_stream
from tests.conftest import run_async
from tests.live_helpers import csrf_from, dealt_session, reflect

CANARY = "Zephyrine Quillfeather"


def concern_ids(app: FastAPI) -> list[int]:
    from sqlmodel import Session, select

    from app.models import Concern

    with Session(app.state.engine) as db:
        return [c.id for c in db.exec(select(Concern)).all() if c.id is not None]


def test_canary_name_appears_nowhere(
    app: FastAPI,
    client: TestClient,
    settings: Settings,
    caplog: pytest.LogCaptureFixture,
    capfd: pytest.CaptureFixture[str],
) -> None:
    caplog.set_level(logging.DEBUG)
    session, device = dealt_session(app, client)
    outputs: list[str] = []
    # The author's own preview may show their draft back to them (never stored, no-store);
    # everything served after sending is checked below.
    reflect(device, session.code, f"I keep thinking about {CANARY} and her move", confirm=False)
    outputs.append(reflect(device, session.code, f"I keep thinking about {CANARY} and her move"))
    page = device.get(f"/s/{session.code}/concern")
    outputs.append(
        device.post(
            f"/s/{session.code}/concern",
            data={"csrf_token": csrf_from(page.text), "text": f"{CANARY} told me something"},
        ).text
    )
    session.visibility("reveal", card=1)
    concern_id = concern_ids(app)[0]
    outputs.append(
        client.post(
            f"{session.console}/concerns/{concern_id}/reply",
            data={"csrf_token": session.token(), "text": f"Is this about {CANARY}? Find me"},
        ).text
    )

    async def streams() -> list[str]:
        collected = []
        for view, extra in (("phone", {}), ("screen", {}), ("console", {"base": session.console})):
            stream = event_stream(
                app, code=session.code, view=view, lang="en", last_event_id=None, extra=extra
            )
            async with asyncio.timeout(5):
                snapshot = sum(fragment.snapshot for fragment in FRAGMENTS[view].values())
                for _ in range(snapshot + 1):  # retry line + the snapshot
                    collected.append(await anext(stream))
            await stream.aclose()
        return collected

    outputs.extend(run_async(streams()))
    for path in (
        session.console,
        f"/s/{session.code}",
        f"/s/{session.code}/screen",
        f"/api/v1/sessions/{session.code}",
        f"/api/v1/sessions/{session.code}/themes",
        f"{session.console}/fragment/reflections",
        f"{session.console}/fragment/concerns",
        f"/s/{session.code}/reply",
        f"/s/{session.code}/concern",
    ):
        outputs.append(client.get(path).text)
        outputs.append(device.get(path).text)
    api_token = session.handover.rsplit("/", 1)[1]
    outputs.append(
        client.get(
            f"/api/v1/sessions/{session.code}/reflections",
            headers={"Authorization": f"Bearer {api_token}"},
        ).text
    )
    for surname in (CANARY, *CANARY.split()):
        for output in outputs:
            assert surname not in output
        assert surname not in caplog.text
        captured = capfd.readouterr()
        assert surname not in captured.out + captured.err
    app.state.engine.dispose()
    if not settings.database_url:
        for file in Path(settings.data_dir).glob("cyt.sqlite3*"):
            data = file.read_bytes()
            for part in CANARY.split():
                assert part.encode() not in data, file.name
    else:
        from sqlalchemy import create_engine, text

        engine = create_engine(settings.database_url)
        with engine.connect() as conn:
            for table in ("reflection", "concern", "live_session", "participant"):
                rows = conn.execute(text(f"SELECT * FROM {table}")).all()
                for part in CANARY.split():
                    assert part not in repr(rows)
        engine.dispose()
