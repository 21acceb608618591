"""The facilitator's themes: suggested from what people wrote, shaped on the console,
seen by the room (past the k-threshold) and kept as shaped when more people write."""

from __future__ import annotations

import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session

from app import store
from app.aggregates import session_figures
from tests.live_helpers import Facilitated, create_session, csrf_from, join, phone, reflect

CARERS = (
    "Foster carers need support before the placement breaks down.",
    "Support for foster carers at night so one bad week doesn't end a placement.",
    "Cefnogaeth i ofalwyr maeth cyn i'r lleoliad chwalu.",
)
CASELOADS = (
    "Caseloads are too high to build a relationship with anyone.",
    "No time to get to know them, the caseloads are far too high.",
    "Mae'r llwyth achosion yn rhy uchel i feithrin perthynas.",
)


def room(app: FastAPI, client: TestClient, texts: tuple[str, ...]) -> Facilitated:
    session = create_session(client, cards=(1, 6))
    session.act("next")
    for text in texts:
        device = phone(app)
        join(device, session.code)
        reflect(device, session.code, text)
    return session


def themes_of(app: FastAPI, code: str) -> list[tuple[str, str, int]]:
    with Session(app.state.engine) as db:
        live = store.session_by_code(db, code=code)
        assert live is not None
        figures = session_figures(db, app.state.deck, live)
        return [(t.ref, t.label, t.people) for t in figures.room_themes.themes]


def ref_with(app: FastAPI, code: str, text: str) -> str:
    """The theme that holds the reflection starting with ``text``."""
    with Session(app.state.engine) as db:
        live = store.session_by_code(db, code=code)
        assert live is not None
        found = session_figures(db, app.state.deck, live).room_themes
        return next(t.ref for t in found.themes if any(r.text.startswith(text) for r in t.members))


def edit(session: Facilitated, **data: object) -> int:
    response = session.client.post(
        f"{session.console}/themes",
        data={**data, "csrf_token": session.token()},
        follow_redirects=False,
    )
    return response.status_code


def test_suggested_themes_meet_across_languages_and_reach_the_room(
    app: FastAPI, client: TestClient
) -> None:
    session = room(app, client, CARERS + CASELOADS)
    found = themes_of(app, session.code)
    people = sorted(n for _, _, n in found)
    assert people == [3, 3], found  # the Welsh reflection joined each English pair
    screen = client.get(f"/s/{session.code}/screen").text
    for _, label, _ in found:
        assert label in screen
    assert "Placement stability" not in screen  # card tags are not what the room said
    api = client.get(f"/api/v1/sessions/{session.code}/themes").json()
    assert sorted(row["count"] for row in api["themes"]) == [3, 3]


def test_rename_merge_hide_and_move_are_what_the_room_and_export_see(
    app: FastAPI, client: TestClient
) -> None:
    session = room(app, client, CARERS + CASELOADS)
    first, second = ref_with(app, session.code, "Foster"), ref_with(app, session.code, "Caseloads")
    assert edit(session, op="rename", ref=first, label="Carers need backing") == 303
    assert edit(session, op="rename", ref=second, label="Time to build trust") == 303
    refs = {label: ref for ref, label, _ in themes_of(app, session.code)}
    assert set(refs) == {"Carers need backing", "Time to build trust"}

    # More people write: they join the renamed themes, the names stay.
    for text in ("Caseloads mean we never have time for relationships.",):
        device = phone(app)
        join(device, session.code)
        reflect(device, session.code, text)
    counts = {label: n for _, label, n in themes_of(app, session.code)}
    assert counts == {"Carers need backing": 3, "Time to build trust": 4}

    assert (
        edit(session, op="merge", ref=refs["Carers need backing"], into=refs["Time to build trust"])
        == 303
    )
    assert [(label, n) for _, label, n in themes_of(app, session.code)] == [
        ("Time to build trust", 7)
    ]
    markdown = client.get(f"{session.console}/export.md").text
    assert "Time to build trust" in markdown and "| 7 |" in markdown

    assert edit(session, op="hide", ref=refs["Time to build trust"]) == 303
    assert "Time to build trust" not in client.get(f"/s/{session.code}/screen").text
    assert "Time to build trust" not in client.get(f"{session.console}/export.md").text


def test_move_and_split_by_form_and_clear_errors(app: FastAPI, client: TestClient) -> None:
    session = room(app, client, CARERS + CASELOADS)
    with Session(app.state.engine) as db:
        live = store.session_by_code(db, code=session.code)
        assert live is not None
        ids = [r.id for r in store.reflections(db, live=live)]
    assert edit(session, op="move", reflection_id=ids[0], to="none") == 303
    assert sorted(n for _, _, n in themes_of(app, session.code)) == [2, 3]

    # Split two off into a new theme, by ticking them.
    ref = ref_with(app, session.code, "Caseloads")
    assert (
        edit(session, op="split", ref=ref, reflection_ids=[ids[3], ids[4]], label="Workload") == 303
    )
    labels = {label: n for _, label, n in themes_of(app, session.code)}
    assert labels["Workload"] == 2
    ref = ref_with(app, session.code, "Caseloads")  # now stored: a new reference
    assert ref.startswith("t")

    # A name left empty: a translated error beside the field, typed text kept, no change.
    response = session.client.post(
        f"{session.console}/themes",
        data={"op": "rename", "ref": ref, "label": "   ", "csrf_token": session.token()},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Enter a name for the theme." in response.text
    response = session.client.post(
        f"{session.console}/themes",
        data={"op": "rename", "ref": ref, "label": "x" * 81, "csrf_token": session.token()},
    )
    assert response.status_code == 400 and "x" * 81 in response.text
    assert edit(session, op="merge", ref="t99999", into=ref) == 400
    assert edit(session, op="explode", ref=ref) == 400


def test_welsh_console_errors_and_no_csrf(app: FastAPI, client: TestClient) -> None:
    session = room(app, client, CARERS)
    (ref, _, _) = themes_of(app, session.code)[0]
    response = session.client.post(
        f"{session.console}/themes?lang=cy",
        data={"op": "rename", "ref": ref, "label": "", "csrf_token": session.token()},
    )
    assert response.status_code == 400
    assert "Rhowch enw i’r thema." in response.text or "Rhowch enw" in response.text
    assert session.client.post(f"{session.console}/themes", data={"op": "hide"}).status_code == 403
    assert re.search(r"data-theme-drop=", session.client.get(session.console).text)


def test_a_pinned_reflection_can_still_be_deleted_and_purge_removes_themes(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client, cards=(1, 6))
    session.act("next")
    devices = []
    for text in CARERS:
        device = phone(app)
        join(device, session.code)
        reflect(device, session.code, text)
        devices.append(device)
    ref = ref_with(app, session.code, "Foster")
    assert edit(session, op="rename", ref=ref, label="Backing carers") == 303  # pins members
    with Session(app.state.engine) as db:
        live = store.session_by_code(db, code=session.code)
        assert live is not None
        mine = store.reflections(db, live=live)[0]
        assert store.theme_placements(db, live=live)
    page = devices[0].get(f"/s/{session.code}").text
    response = devices[0].post(
        f"/s/{session.code}/reflections/{mine.id}",
        data={"op": "delete", "csrf_token": csrf_from(page)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert [(label, n) for _, label, n in themes_of(app, session.code)] == [("Backing carers", 2)]
    with Session(app.state.engine) as db:
        live = store.session_by_code(db, code=session.code)
        assert live is not None
        store.delete_personal_data(db, live=live)
        assert store.themes(db, live=live) == []
        assert store.theme_placements(db, live=live) == {}
