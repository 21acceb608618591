"""The server side of tap-to-remove: words a person chose to take out are redacted on the
server too, on both databases; the client can only add to what is removed."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Reflection
from tests.live_helpers import csrf_from, dealt_session


def _stored(app: FastAPI) -> list[Reflection]:
    with Session(app.state.engine) as db:
        return list(db.exec(select(Reflection)))


def test_preview_takes_out_tapped_words_and_keeps_them_in_the_form(
    app: FastAPI, client: TestClient
) -> None:
    session, device = dealt_session(app, client)
    token = csrf_from(device.get(f"/s/{session.code}").text)
    response = device.post(
        f"/s/{session.code}/preview",
        data={"csrf_token": token, "text": "We met Pudding by the red van", "remove": ["van"]},
    )
    assert response.status_code == 200
    html = response.text
    assert "by the red [name]" in html
    assert 'name="remove" value="van"' in html  # stays taken out while they type on
    assert "Put back van" in html


def test_sending_with_removals_stores_them_redacted(app: FastAPI, client: TestClient) -> None:
    session, device = dealt_session(app, client)
    token = csrf_from(device.get(f"/s/{session.code}").text)
    data = {
        "csrf_token": token,
        "text": "Jade Thompson waited by the red van at Pudding's",
        "kind": "think",
        "confirm": "1",
        "remove": ["van", "Pudding"],
    }
    response = device.post(f"/s/{session.code}/reflections", data=data, follow_redirects=True)
    assert response.status_code == 200
    [stored] = _stored(app)
    for word in ("Jade", "Thompson", "van", "Pudding"):
        assert word not in stored.text
    assert "waited by the red" in stored.text


def test_a_client_cannot_undo_the_servers_redaction(app: FastAPI, client: TestClient) -> None:
    session, device = dealt_session(app, client)
    token = csrf_from(device.get(f"/s/{session.code}").text)
    data = {
        "csrf_token": token,
        "text": "Jade Thompson moved again",
        "kind": "think",
        "confirm": "1",
        "remove": ["[name]", "", "x" * 5000] + [f"w{n}" for n in range(500)],
    }
    response = device.post(f"/s/{session.code}/reflections", data=data, follow_redirects=True)
    assert response.status_code == 200
    [stored] = _stored(app)
    assert "Jade" not in stored.text and "Thompson" not in stored.text
    assert stored.text.endswith("moved again")
