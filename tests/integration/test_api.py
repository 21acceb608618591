"""A live session through the JSON API, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient


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
