"""Exports of a real session from the console, the API and the CLI, in both languages."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

import pytest
from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, select

from app.config import PROJECT_ROOT, Settings
from app.exports.formats import FORMATS
from app.models import Reflection
from tests.live_helpers import Facilitated, create_session, csrf_from, join, phone, reflect

CANARY = "Zephyrine Quillfeather"
HIDDEN = "hidden-thought-marker"
CONCERN = "concern-marker-text"
SHOWN = "stability-matters-marker"
SMALL = "two-people-only-marker"


def text_of(fmt: str, body: bytes) -> str:
    if fmt == "pdf":
        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
    if fmt == "docx":
        document = Document(io.BytesIO(body))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return "\n".join([p.text for p in document.paragraphs] + cells)
    return body.decode("utf-8-sig")


@pytest.fixture
def finished(app: FastAPI, client: TestClient) -> Facilitated:
    """Card 1: four people (one hidden, so three count); card 3: only two people."""
    session = create_session(client, cards=(1, 3))
    devices = [phone(app) for _ in range(4)]
    for device in devices:
        join(device, session.code, role_group="police")
    session.act("next")
    reflect(devices[0], session.code, f"{SHOWN} for {CANARY}")
    reflect(devices[1], session.code, f"{HIDDEN} about moves")
    reflect(devices[2], session.code, "Every move costs a friendship", kind="change", level="team")
    reflect(devices[3], session.code, "Keep one adult constant")
    with Session(app.state.engine) as db:
        rows = {r.text.split()[0]: r.id for r in db.exec(select(Reflection))}
    session.visibility("reveal", card=1)
    session.visibility("hide", reflection_id=rows[HIDDEN])
    page = devices[0].get(f"/s/{session.code}/concern")
    devices[0].post(
        f"/s/{session.code}/concern",
        data={"csrf_token": csrf_from(page.text), "text": CONCERN},
    )
    session.act("next")
    reflect(devices[0], session.code, f"{SMALL} one")
    reflect(devices[1], session.code, f"{SMALL} two")
    session.visibility("reveal", card=3)
    return session


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_console_export_is_anonymised_and_thresholded(
    client: TestClient, finished: Facilitated, fmt: str
) -> None:
    response = client.get(f"{finished.console}/export", params={"fmt": fmt})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith(FORMATS[fmt].media_type.split(";")[0])
    text = text_of(fmt, response.content)
    if fmt != "themes.csv":
        assert SHOWN in text.replace("\n", " ") or SHOWN in text
        assert "Placement moves" in text
    for secret in (CANARY, *CANARY.split(), HIDDEN, CONCERN, SMALL):
        assert secret not in text, (fmt, secret)


def test_all_non_hidden_option_includes_unrevealed_but_never_hidden(
    app: FastAPI, client: TestClient, finished: Facilitated
) -> None:
    with Session(app.state.engine) as db:
        for reflection in db.exec(select(Reflection)):
            reflection.revealed = False
            db.add(reflection)
        db.commit()
    revealed_only = client.get(f"{finished.console}/export", params={"fmt": "md"}).text
    everything = client.get(
        f"{finished.console}/export", params={"fmt": "md", "include": "all"}
    ).text
    assert SHOWN not in revealed_only
    assert SHOWN in everything
    assert HIDDEN not in everything


def test_welsh_export_uses_welsh(client: TestClient, finished: Facilitated) -> None:
    english = client.get(f"{finished.console}/export", params={"fmt": "md"}).text
    welsh = client.get(
        f"{finished.console}/export", params={"fmt": "md", "summary_lang": "cy"}
    ).text
    assert "Symud lleoliad" in welsh and "Placement moves" not in welsh
    assert "Placement moves" in english


def test_api_export_needs_the_facilitator_token(client: TestClient, finished: Facilitated) -> None:
    token = finished.handover.rsplit("/", 1)[1]
    url = f"/api/v1/sessions/{finished.code}/export.json"
    assert client.get(url).status_code == 401
    response = client.get(url, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    summary = json.loads(response.content)
    assert summary["code"] == finished.code
    assert (
        client.get(
            f"/api/v1/sessions/{finished.code}/export.exe",
            headers={"Authorization": f"Bearer {token}"},
        ).status_code
        == 404
    )


def test_cli_export_writes_the_file(finished: Facilitated, settings: Settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    output = tmp_path / "summary.docx"
    env = {
        **os.environ,
        "CYT_DATA_DIR": str(settings.data_dir),
        "CYT_DATABASE_URL": settings.database_url,
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "app.cli",
            "export",
            finished.code,
            "--format",
            "docx",
            "-o",
            str(output),
        ],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert "wrote" in result.stdout
    assert SHOWN in text_of("docx", output.read_bytes())
