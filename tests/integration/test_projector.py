"""The projector screen of a live session: what the room sees, on SQLite and PostgreSQL."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.live_helpers import (
    create_session,
    dealt_session,
    join,
    phone,
    reflect,
    reflections_in_db,
)


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
