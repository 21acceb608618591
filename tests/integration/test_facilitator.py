"""Facilitator pages of a live session: creating it and its console, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Concern, LiveSession
from tests.live_helpers import (
    create_session,
    csrf_from,
    dealt_session,
)


def test_create_session_shows_console_link_once_and_stores_only_its_hash(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client)
    token = session.handover.rsplit("/", 1)[1]
    with Session(app.state.engine) as db:
        live = db.exec(select(LiveSession)).one()
    assert live.code == session.code
    assert token not in live.facilitator_token_hash
    assert len(live.facilitator_token_hash) == 64
    assert client.get(session.console).status_code == 200
    assert client.get(f"/f/{session.code}/wrong-token").status_code == 404


def test_code_uses_an_unambiguous_alphabet(client: TestClient) -> None:
    codes = {create_session(client).code for _ in range(5)}
    assert all(re.fullmatch(r"[A-HJ-NP-Z346-9]{6}", code) for code in codes)
    assert not any(ch in code for code in codes for ch in "01IOLSZ25")


def test_create_form_errors_are_translated_and_keep_input(client: TestClient) -> None:
    form = client.get("/facilitate/new?lang=cy").text
    response = client.post(
        "/facilitate/new",
        data={"csrf_token": csrf_from(form), "title": "", "k": "1", "session_lang": "cy"},
    )
    assert response.status_code == 400
    assert 'class="error-summary"' in response.text
    assert "Enter a title" not in response.text  # Welsh, not English


def test_state_changing_forms_need_a_csrf_token(client: TestClient) -> None:
    response = client.post("/facilitate/new", data={"title": "x", "cards": ["1"]})
    assert response.status_code == 403
    assert "<html" in response.text


def test_concern_reaches_only_the_console_and_is_deleted_at_end(
    app: FastAPI, client: TestClient
) -> None:
    session, device = dealt_session(app, client)
    page = device.get(f"/s/{session.code}/concern")
    assert "Gweithdrefnau" not in page.text and "Wales Safeguarding Procedures" in page.text
    response = device.post(
        f"/s/{session.code}/concern",
        data={"csrf_token": csrf_from(page.text), "text": "I need to talk about something urgent"},
    )
    assert response.status_code == 200
    assert "I need to talk about something urgent" in client.get(session.console).text
    assert "something urgent" not in client.get(f"/s/{session.code}/screen").text
    assert "something urgent" not in device.get(f"/s/{session.code}").text
    session.act("end")
    with Session(app.state.engine) as db:
        assert db.exec(select(Concern)).all() == []
