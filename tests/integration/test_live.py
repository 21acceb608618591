"""Live sessions through the pages and the API, on SQLite and PostgreSQL."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.main import create_app
from app.models import Concern, LiveSession, Participant, Reflection
from tests.live_helpers import create_session, csrf_from, dealt_session, join, phone, reflect


def reflections_in_db(app: FastAPI) -> list[Reflection]:
    with Session(app.state.engine) as db:
        return list(db.exec(select(Reflection)).all())


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


def test_reflections_hidden_from_the_room_until_revealed(app: FastAPI, client: TestClient) -> None:
    session, device = dealt_session(app, client)
    reflect(device, session.code, "Moves break the relationships that keep children safe")
    screen = client.get(f"/s/{session.code}/screen").text
    assert "Moves break the relationships" not in screen
    reflection = reflections_in_db(app)[0]
    session.visibility("reveal", reflection_id=reflection.id)
    assert "Moves break the relationships" in client.get(f"/s/{session.code}/screen").text
    session.visibility("hide", reflection_id=reflection.id)
    assert "Moves break the relationships" not in client.get(f"/s/{session.code}/screen").text


def test_themes_appear_only_after_the_third_participant(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)
    session.act("next")
    for n in range(3):
        device = phone(app)
        join(device, session.code)
        reflect(device, session.code, f"Placement stability matters for every child, point {n}")
        themes = client.get(f"/api/v1/sessions/{session.code}/themes").json()
        if n < 2:
            assert themes["enough"] is False
            assert themes["tags"] == [] and themes["phrases"] == []
        else:
            assert themes["enough"] is True
            assert any(row["count"] == 3 for row in themes["tags"])


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


def test_api_runs_a_whole_session(app: FastAPI, client: TestClient) -> None:
    created = client.post("/api/v1/sessions", json={"title": "API session", "plan": "team-huddle"})
    assert created.status_code == 201
    body = created.json()
    code, auth = body["code"], {"Authorization": f"Bearer {body['facilitator_token']}"}
    assert body["join_url"].endswith(f"/j/{code}")
    assert (
        client.post(f"/api/v1/sessions/{code}/actions", json={"action": "next"}).status_code == 401
    )
    state = client.post(f"/api/v1/sessions/{code}/actions", json={"action": "next"}, headers=auth)
    assert state.json()["card"] == 1
    device = client.post(f"/api/v1/sessions/{code}/join", json={"role_group": "health"}).json()
    posted = client.post(
        f"/api/v1/sessions/{code}/reflections",
        json={"text": "Mark Davies said 07700 900123 is her number"},
        headers={"X-Device-Token": device["device_token"]},
    )
    assert posted.status_code == 201
    assert "07700" not in posted.json()["text"] and "Davies" not in posted.json()["text"]
    reflection_id = posted.json()["id"]
    shown = client.post(
        f"/api/v1/sessions/{code}/reflections/{reflection_id}/visibility",
        json={"revealed": True},
        headers=auth,
    )
    assert shown.json() == {"changed": 1}
    flipped = client.post(f"/api/v1/sessions/{code}/actions", json={"action": "flip"}, headers=auth)
    assert flipped.json()["side"] == "questions"
    assert client.get(f"/api/v1/sessions/{code}/themes").json()["enough"] is False
    assert client.get("/api/v1/openapi.json").status_code == 200


def test_api_validation_errors_do_not_echo_input(client: TestClient) -> None:
    response = client.post("/api/v1/sessions", json={"title": "x" * 500, "cards": [1]})
    assert response.status_code == 422
    assert "x" * 200 not in response.text


def test_join_attempts_are_rate_limited(settings) -> None:  # type: ignore[no-untyped-def]
    settings.join_rate_per_minute = 3
    limited = create_app(settings)
    device = TestClient(limited)
    statuses = [device.get("/join?code=ZZZZZZ").status_code for _ in range(4)]
    assert statuses == [400, 400, 400, 400]
    assert "Too many tries" in device.get("/join?code=ZZZZZZ").text
