"""Rejected forms come back as the same partial: the error beside the field, the typed
text filled in, a 4xx status (static/js/forms.js makes htmx swap it in)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.live_helpers import csrf_from, dealt_session, reflect

HTMX = {"HX-Request": "true"}


def _own_reflection_id(device: TestClient, code: str) -> int:
    page = device.get(f"/s/{code}").text
    marker = f'action="/s/{code}/reflections/'
    start = page.index(marker) + len(marker)
    return int(page[start : page.index('"', start)])


def test_rejected_reflection_is_the_phone_partial_with_error_and_draft(
    app: FastAPI, client: TestClient
) -> None:
    session, device = dealt_session(app, client)
    token = csrf_from(device.get(f"/s/{session.code}").text)
    response = device.post(
        f"/s/{session.code}/reflections",
        data={"csrf_token": token, "text": "Plans change too late.", "kind": "change"},
        headers=HTMX,
    )
    assert response.status_code == 400
    assert "<html" not in response.text  # a partial htmx can swap into #phone-work
    assert 'id="level-error"' in response.text
    assert "Choose who could make this change." in response.text
    assert "Plans change too late.</textarea>" in response.text
    assert 'value="change" checked' in response.text
    assert response.headers["Cache-Control"] == "no-store"


def test_rejected_edit_keeps_the_typed_text_beside_its_own_box(
    app: FastAPI, client: TestClient
) -> None:
    session, device = dealt_session(app, client)
    reflect(device, session.code, "The first words.")
    rid = _own_reflection_id(device, session.code)
    token = csrf_from(device.get(f"/s/{session.code}").text)
    typed = "x" * (app.state.settings.max_reflection_chars + 5)
    for headers in (HTMX, {}):  # htmx gets the partial, a plain POST the whole page
        response = device.post(
            f"/s/{session.code}/reflections/{rid}",
            data={"csrf_token": token, "op": "edit", "text": typed},
            headers=headers,
        )
        assert response.status_code == 400
        assert f'id="edit-{rid}-error"' in response.text
        assert f"{typed}</textarea>" in response.text
        assert '<details class="edit" open>' in response.text
        assert ("<html" in response.text) is (not headers)
    assert "The first words." in device.get(f"/s/{session.code}").text


def test_edit_after_the_end_says_so_and_offers_no_controls(
    app: FastAPI, client: TestClient
) -> None:
    session, device = dealt_session(app, client)
    reflect(device, session.code, "Sent in time.")
    rid = _own_reflection_id(device, session.code)
    token = csrf_from(device.get(f"/s/{session.code}").text)
    session.act("end")
    for op in ("edit", "delete"):
        response = device.post(
            f"/s/{session.code}/reflections/{rid}",
            data={"csrf_token": token, "op": op, "text": "Too late."},
            headers=HTMX,
        )
        assert response.status_code == 400
        assert "This session has ended, so nothing more can be sent" in response.text
        assert 'class="edit"' not in response.text
        assert 'id="reflection-form"' not in response.text
        assert "Sent in time." in response.text


def test_refused_console_action_says_why_for_htmx_and_redirects_without(
    client: TestClient, app: FastAPI
) -> None:
    session, _device = dealt_session(app, client)
    data = {"csrf_token": session.token(), "action": "no-such-action"}
    response = client.post(f"{session.console}/action", data=data, headers=HTMX)
    assert response.status_code == 400
    assert 'id="console-alert" hx-swap-oob="true"' in response.text
    assert 'role="alert"' in response.text
    assert "That action is not available." in response.text
    plain = client.post(f"{session.console}/action", data=data, follow_redirects=False)
    assert plain.status_code == 303


def test_error_page_marks_its_message_for_the_form_alert(client: TestClient) -> None:
    response = client.get("/s/NOPE00")
    assert response.status_code == 404
    assert "data-error-message" in response.text
