"""The participant's phone pages: joining, reflecting, editing, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.main import create_app
from app.models import Participant
from tests.live_helpers import (
    create_session,
    csrf_from,
    dealt_session,
    join,
    phone,
    reflect,
    reflections_in_db,
)


def test_join_by_code_and_qr_url(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)
    device = phone(app)
    bad = device.get("/join?code=ZZZZZZ")
    assert bad.status_code == 400
    assert "could not find a session" in bad.text
    found = device.get(f"/join?code={session.code.lower()}", follow_redirects=False)
    assert found.headers["location"] == f"/j/{session.code}"
    join(device, session.code, role_group="police")
    page = device.get(f"/s/{session.code}")
    assert "The first card will appear here" in page.text


def test_participant_sees_dealt_card_and_reflects_with_redaction_preview(
    app: FastAPI, client: TestClient
) -> None:
    session, device = dealt_session(app, client)
    page = device.get(f"/s/{session.code}").text
    assert "Placement moves" in page
    # With a name in it, the first send shows what will be kept and stores nothing yet.
    preview = reflect(
        device, session.code, "I worry about Jade Thompson moving again", confirm=False
    )
    assert "What will be kept" in preview
    assert "Jade Thompson moving again" in preview  # their words are kept in the form
    assert reflections_in_db(app) == []
    reflect(device, session.code, "I worry about Jade Thompson moving again")
    stored = reflections_in_db(app)
    assert len(stored) == 1
    assert "Jade" not in stored[0].text and "Thompson" not in stored[0].text
    assert stored[0].removed >= 1


def test_participant_can_edit_and_delete_only_their_own(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)
    mine, theirs = phone(app), phone(app)
    join(mine, session.code)
    join(theirs, session.code)
    session.act("next")
    reflect(mine, session.code, "First thought")
    reflection = reflections_in_db(app)[0]
    token = csrf_from(theirs.get(f"/s/{session.code}").text)
    refused = theirs.post(
        f"/s/{session.code}/reflections/{reflection.id}",
        data={"csrf_token": token, "op": "edit", "text": "changed"},
    )
    assert refused.status_code == 404
    token = csrf_from(mine.get(f"/s/{session.code}").text)
    mine.post(
        f"/s/{session.code}/reflections/{reflection.id}",
        data={"csrf_token": token, "op": "edit", "text": "Second thought"},
    )
    assert reflections_in_db(app)[0].text == "Second thought"
    mine.post(
        f"/s/{session.code}/reflections/{reflection.id}",
        data={"csrf_token": token, "op": "delete"},
    )
    assert reflections_in_db(app) == []


def test_too_long_reflection_gets_a_translated_error_and_keeps_the_text(
    app: FastAPI, client: TestClient
) -> None:
    session, device = dealt_session(app, client)
    page = device.get(f"/s/{session.code}?lang=cy").text
    long_text = "gair " * 500
    response = device.post(
        f"/s/{session.code}/reflections",
        data={"csrf_token": csrf_from(page), "text": long_text, "kind": "think"},
    )
    assert response.status_code == 400
    assert long_text.strip() in response.text
    assert 'lang="cy"' in response.text
    assert reflections_in_db(app) == []


def test_locking_joining_refuses_new_phones(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)
    session.act("lock")
    device = phone(app)
    page = device.get(f"/j/{session.code}")
    response = device.post(
        f"/j/{session.code}", data={"csrf_token": csrf_from(page.text), "role_group": ""}
    )
    assert response.status_code == 400
    assert "closed this session" in response.text


def test_device_is_stored_only_as_a_keyed_hash(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)
    device = phone(app)
    join(device, session.code)
    token = device.cookies.get("cyt_device")
    with Session(app.state.engine) as db:
        person = db.exec(select(Participant)).one()
    assert token and token not in person.device_hash


def test_join_attempts_are_rate_limited(settings) -> None:  # type: ignore[no-untyped-def]
    settings.join_rate_per_minute = 3
    limited = create_app(settings)
    device = TestClient(limited)
    statuses = [device.get("/join?code=ZZZZZZ").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 400]
    assert "Too many tries" in device.get("/join?code=ZZZZZZ").text
