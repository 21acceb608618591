"""Evidence of change (#15) through the pages and the store, on SQLite and PostgreSQL:
the before-and-after check, the vote on actions, the take-away and the CPD record."""

from __future__ import annotations

import html
import io
import json
import re
from datetime import timedelta

import jsonschema
import pytest
from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app import store
from app.content.statements import parse_statements, statements
from app.exports.json_export import schema
from app.models import ActionVote, CheckAnswer, EvidenceBallot, LiveSession, Participant
from app.retention import purge
from tests.live_helpers import Facilitated, csrf_from, join, phone, reflect

CHECK = ("signs-of-harm", "words-we-use")


def create(client: TestClient, *, check: tuple[str, ...] = CHECK, k: int = 3) -> Facilitated:
    form = client.get("/facilitate/new").text
    data: dict[str, object] = {
        "csrf_token": csrf_from(form),
        "title": "Team huddle",
        "session_lang": "en",
        "plan": "",
        "k": str(k),
        "cards": ["1", "3"],
        "check": list(check),
    }
    response = client.post("/facilitate/new", data=data)
    assert response.status_code == 201, response.text
    link = re.search(
        r'id="console-link"[^>]*value="https?://[^/"]+(/f/([A-Z0-9]{6})/[^"]+)"', response.text
    )
    assert link, "no console link"
    return Facilitated(
        code=link.group(2), console=f"/f/{link.group(2)}", client=client, handover=link.group(1)
    )


def evidence_action(session: Facilitated, action: str) -> None:
    response = session.client.post(
        f"{session.console}/evidence",
        data={"action": action, "csrf_token": session.token()},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text


def answer(device: TestClient, code: str, stage: str, scores: dict[str, int]) -> int:
    page = device.get(f"/s/{code}").text
    data = {"csrf_token": csrf_from(page), "stage": stage}
    data.update({f"score-{key}": str(value) for key, value in scores.items()})
    response = device.post(f"/s/{code}/check", data=data, follow_redirects=False)
    return response.status_code


def vote(device: TestClient, code: str, ids: list[int]) -> int:
    page = device.get(f"/s/{code}").text
    data = {"csrf_token": csrf_from(page), "action": [str(i) for i in ids]}
    return device.post(f"/s/{code}/vote", data=data, follow_redirects=False).status_code


def export(session: Facilitated, fmt: str, include: str = "revealed") -> bytes:
    response = session.client.get(f"{session.console}/export.{fmt}?include={include}")
    assert response.status_code == 200, response.text
    return response.content


def room(app: FastAPI, client: TestClient, people: int = 3) -> tuple[Facilitated, list[TestClient]]:
    session = create(client)
    phones = [phone(app) for _ in range(people)]
    for device in phones:
        join(device, session.code)
    return session, phones


def test_the_statements_are_bilingual_and_rest_on_findings() -> None:
    found = statements()
    assert 6 <= len(found) <= 10
    for statement in found.values():
        assert statement.text["en"] and statement.text["cy"] and statement.finding
        assert statement.text["en"] != statement.text["cy"]


def test_a_bad_statements_file_names_the_problem(tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "check.yaml"
    path.write_text("statements:\n  - id: one\n    finding: x\n    en: Hello\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"check\.yaml: statement 1 \(one\): no text in cy"):
        parse_statements(path)


def test_new_session_refuses_more_than_three_statements(client: TestClient) -> None:
    form = client.get("/facilitate/new").text
    assert "Before and after check (optional)" in form
    data = {
        "csrf_token": csrf_from(form),
        "title": "Huddle",
        "session_lang": "en",
        "k": "3",
        "cards": ["1"],
        "check": list(statements())[:4],
    }
    response = client.post("/facilitate/new", data=data)
    assert response.status_code == 400
    assert "Choose up to three statements from the list." in response.text
    assert 'value="Huddle"' in response.text  # nothing typed is lost


def test_two_answers_are_never_shown_three_are(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client)
    for device in phones[:2]:
        assert (
            answer(device, session.code, "before", {"signs-of-harm": 2, "words-we-use": 2}) == 303
        )
    console = client.get(session.console).text
    assert "Shown once 3 people have answered." in console
    assert "2 people answered at the start." in console
    data = json.loads(export(session, "json"))
    assert all(not item["before"]["enough"] for item in data["confidence"])
    assert all(item["before"]["bands"] == [] for item in data["confidence"])

    assert answer(phones[2], session.code, "before", {"signs-of-harm": 2, "words-we-use": 1}) == 303
    data = json.loads(export(session, "json"))
    first = data["confidence"][0]
    assert first["before"]["enough"] is True
    assert first["before"]["bands"] == [{"key": "disagree", "label": "Disagree (1–2)", "count": 3}]
    assert first["before"]["respondents"] == 3
    assert first["after"]["enough"] is False  # the after check has not been answered
    jsonschema.validate(data, schema())


def test_a_small_band_is_held_back_with_the_next_smallest(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client, people=7)
    scores = [5, 5, 4, 1, 3, 3, 1]  # agree 3, disagree 1, unsure 2 (the 7th waits for two more)
    for device, score in zip(phones, scores, strict=True):
        answer(device, session.code, "before", {"signs-of-harm": score})
    item = json.loads(export(session, "json"))["confidence"][0]
    assert item["before"]["bands"] == [{"key": "agree", "label": "Agree (4–5)", "count": 3}]
    assert item["before"]["held_back"] is True
    assert item["before"]["respondents"] == 6  # the 3 held back are themselves k or more


def test_figures_move_in_whole_steps_of_k(app: FastAPI, client: TestClient) -> None:
    """Watching one more person answer never changes what the room or console sees."""
    session, phones = room(app, client, people=6)
    seen = []
    for device in phones:
        answer(device, session.code, "before", {"signs-of-harm": 5})
        item = json.loads(export(session, "json"))["confidence"][0]["before"]
        seen.append(item["bands"][0]["count"] if item["bands"] else None)
    assert seen == [None, None, 3, 3, 3, 6]


def test_a_device_answers_each_stage_once(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client, people=1)
    device = phones[0]
    assert answer(device, session.code, "before", {"signs-of-harm": 3}) == 303
    page = device.get(f"/s/{session.code}/evidence").text
    assert "You have answered the check." in page
    assert answer(device, session.code, "before", {"signs-of-harm": 5}) == 400
    assert answer(device, session.code, "after", {"signs-of-harm": 5}) == 400  # not open yet
    evidence_action(session, "check-after")
    assert answer(device, session.code, "after", {"signs-of-harm": 5}) == 303
    assert answer(device, session.code, "after", {"signs-of-harm": 5}) == 400
    with Session(app.state.engine) as db:
        stages = sorted(db.exec(select(CheckAnswer.stage)).all())
    assert stages == ["after", "before"]


def test_bad_answers_keep_the_choices_and_say_why(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client, people=1)
    page = phones[0].get(f"/s/{session.code}/evidence").text
    response = phones[0].post(
        f"/s/{session.code}/check",
        data={"csrf_token": csrf_from(page), "stage": "before", "score-signs-of-harm": "9"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert "Choose an answer from 1 to 5 for at least one statement." in response.text


def test_ballots_cannot_be_linked_to_participants(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client, people=1)
    answer(phones[0], session.code, "before", {"signs-of-harm": 4})
    with Session(app.state.engine) as db:
        live = store.session_by_code(db, code=session.code)
        assert live is not None
        ballot = db.exec(select(EvidenceBallot)).one()
        person = db.exec(select(Participant)).one()
        assert ballot.voter_hash != person.device_hash
        assert live.evidence_key != live.device_key
        assert set(CheckAnswer.model_fields) == {"id", "session_id", "stage", "statement", "score"}


def test_the_vote_and_actions_we_agreed_in_every_format(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client)
    session.act("next")
    reflect(
        phones[0], session.code, "Keep placements stable for a year", kind="change", level="team"
    )
    reflect(phones[1], session.code, "Ask the young person first", kind="change", level="me")
    reflect(phones[2], session.code, "Fund more foster carers", kind="change", level="system")
    reflect(phones[2], session.code, "Never shown to the room", kind="change", level="team")
    with Session(app.state.engine) as db:
        live = store.session_by_code(db, code=session.code)
        assert live is not None
        found = {r.text: r.id or 0 for r in store.reflections(db, live=live)}
    for text in (
        "Keep placements stable for a year",
        "Ask the young person first",
        "Fund more foster carers",
    ):
        session.visibility("reveal", reflection_id=found[text])

    assert vote(phones[0], session.code, [found["Ask the young person first"]]) == 400  # not open
    evidence_action(session, "vote-open")
    panel = phones[0].get(f"/s/{session.code}/evidence").text
    assert "Which actions matter most?" in panel and "Never shown to the room" not in panel
    assert vote(phones[0], session.code, [found["Never shown to the room"]]) == 400
    assert vote(phones[0], session.code, list(found.values())) == 400  # four is too many
    stable, ask, fund = (
        found["Keep placements stable for a year"],
        found["Ask the young person first"],
        found["Fund more foster carers"],
    )
    assert vote(phones[0], session.code, [stable, ask]) == 303
    assert vote(phones[0], session.code, [fund]) == 400  # one ballot per phone
    assert vote(phones[1], session.code, [stable]) == 303
    assert "The top actions are shown once 3 people have voted." in client.get(session.console).text
    assert "Not enough votes to show." in export(session, "md").decode()
    assert vote(phones[2], session.code, [stable, fund]) == 303

    markdown = export(session, "md").decode()
    assert "## Actions we agreed" in markdown and "*3 people voted.*" in markdown
    assert "1. Keep placements stable for a year (3 votes)" in markdown
    assert markdown.index("### Me") < markdown.index("### Team") < markdown.index("### System")
    html = export(session, "html").decode()
    assert "Actions we agreed" in html and "Keep placements stable for a year" in html
    reflections_csv = export(session, "csv").decode("utf-8-sig")
    assert "Actions we agreed,Team,,Keep placements stable for a year (3 votes)" in reflections_csv
    counts_csv = export(session, "themes.csv").decode("utf-8-sig")
    assert "Actions we agreed,,Team: Keep placements stable for a year,3," in counts_csv
    data = json.loads(export(session, "json"))
    jsonschema.validate(data, schema())
    assert data["actions_agreed"]["voters"] == 3
    assert {"level": "team", "text": "Keep placements stable for a year", "votes": 3} in data[
        "actions_agreed"
    ]["items"]
    document = Document(io.BytesIO(export(session, "docx")))
    paragraphs = [p.text for p in document.paragraphs]
    assert "Actions we agreed" in paragraphs
    assert "Keep placements stable for a year (3 votes)" in paragraphs
    pdf = export(session, "pdf")
    assert pdf.startswith(b"%PDF")


def test_the_cpd_record_holds_only_my_reflections(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client, people=2)
    session.act("next")
    reflect(phones[0], session.code, "Moves cost trust", kind="think")
    reflect(phones[0], session.code, "Ask before any move", kind="change", level="me")
    reflect(phones[1], session.code, "Someone else's thought", kind="think")
    session.act("end")
    panel = phones[0].get(f"/s/{session.code}/evidence").text
    assert "Keep my reflections" in panel
    island = re.search(r'data-entries="([^"]*)"', panel)
    assert island
    entries = json.loads(html.unescape(island.group(1)))
    assert [e["card"]["number"] for e in entries] == [1]
    assert entries[0]["so_what"] == "Moves cost trust"
    assert entries[0]["now_what"] == "Me: Ask before any move"
    assert entries[0]["minutes"] >= 1
    page = phones[0].get(f"/s/{session.code}/record")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert "CPD record" in page.text and "Moves cost trust" in page.text
    assert "Someone else" not in page.text
    markdown = phones[0].get(f"/s/{session.code}/record.md")
    assert markdown.headers["content-disposition"].startswith('attachment; filename="cpd-record-')
    assert "- **Me:** Ask before any move" in markdown.text
    # Another device, or no device, gets nothing.
    assert phone(app).get(f"/s/{session.code}/record", follow_redirects=False).status_code == 303


def test_end_opens_the_after_check_and_closes_the_vote(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client, people=1)
    session.act("next")
    evidence_action(session, "vote-open")
    session.act("end")
    with Session(app.state.engine) as db:
        live = db.exec(select(LiveSession)).one()
        assert (live.check_stage, live.vote_state) == ("after", "closed")
    assert answer(phones[0], session.code, "after", {"words-we-use": 4}) == 303


def test_purge_drops_ballots_answers_and_votes(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client)
    session.act("next")
    reflect(phones[0], session.code, "Plan moves together", kind="change", level="team")
    session.visibility("reveal", card=1)
    evidence_action(session, "vote-open")
    for device in phones:
        answer(device, session.code, "before", {"signs-of-harm": 4})
        vote(device, session.code, [1])
    session.act("end")
    with Session(app.state.engine) as db:
        live = db.exec(select(LiveSession)).one()
        old_key = live.evidence_key
        live.ended_at = (live.ended_at or live.created_at) - timedelta(days=40)
        db.add(live)
        db.commit()
    report = purge(app.state.engine, days=30, deck=app.state.deck)
    assert report.sessions[0].removed["ballots"] == 6
    with Session(app.state.engine) as db:
        for model in (EvidenceBallot, CheckAnswer, ActionVote):
            assert db.exec(select(model)).all() == []
        assert db.exec(select(LiveSession)).one().evidence_key != old_key


def test_api_creates_a_checked_session_answers_and_reads(app: FastAPI, client: TestClient) -> None:
    listed = client.get("/api/v1/statements").json()
    assert {s["id"] for s in listed} == set(statements())
    bad = client.post(
        "/api/v1/sessions", json={"title": "T", "cards": [1], "check_statements": ["nope"]}
    )
    assert bad.status_code == 422
    created = client.post(
        "/api/v1/sessions", json={"title": "T", "cards": [1], "check_statements": ["beyond-risk"]}
    ).json()
    code, auth = created["code"], {"Authorization": f"Bearer {created['facilitator_token']}"}
    tokens = [
        client.post(f"/api/v1/sessions/{code}/join", json={}).json()["device_token"]
        for _ in range(3)
    ]
    for token in tokens:
        response = client.post(
            f"/api/v1/sessions/{code}/check",
            json={"stage": "before", "scores": {"beyond-risk": 5}},
            headers={"X-Device-Token": token},
        )
        assert response.status_code == 204
    again = client.post(
        f"/api/v1/sessions/{code}/check",
        json={"stage": "before", "scores": {"beyond-risk": 1}},
        headers={"X-Device-Token": tokens[0]},
    )
    assert again.status_code == 409
    assert client.get(f"/api/v1/sessions/{code}/evidence").status_code == 401
    read = client.get(f"/api/v1/sessions/{code}/evidence", headers=auth).json()
    assert read["confidence"][0]["before"]["bands"] == [
        {"band": "agree", "label": "Agree (4–5)", "count": 3}
    ]
    assert read["vote_held"] is False


def test_store_check_and_votes_refuse_with_codes(app: FastAPI) -> None:
    with Session(app.state.engine, expire_on_commit=False) as db:
        with pytest.raises(store.StoreError) as too_many:
            store.create_session(
                db, title="x", lang="en", card_numbers=[1], check_statements=list(statements())[:4]
            )
        assert too_many.value.code == "bad_statements"
        live, _token = store.create_session(
            db, title="x", lang="en", card_numbers=[1], check_statements=["beyond-risk"]
        )
        assert (live.check_stage, live.vote_state) == ("before", "")
        token = "a-device-token-for-evidence-01"
        store.join(db, live=live, device_token=token)
        for scores, code in (
            ({"nope": 3}, "bad_scores"),
            ({"beyond-risk": 0}, "bad_scores"),
            ({}, "bad_scores"),
        ):
            with pytest.raises(store.StoreError) as refused:
                store.answer_check(db, live=live, device_token=token, stage="before", scores=scores)
            assert refused.value.code == code
        store.answer_check(
            db, live=live, device_token=token, stage="before", scores={"beyond-risk": 4}
        )
        assert store.has_ballot(db, live=live, device_token=token, kind="before")
        assert not store.has_ballot(
            db, live=live, device_token="someone-else-entirely-0", kind="before"
        )
        with pytest.raises(store.StoreError) as twice:
            store.answer_check(
                db, live=live, device_token=token, stage="before", scores={"beyond-risk": 1}
            )
        assert twice.value.code == "already_answered"
        assert [row[1:] for row in store.check_scores(db, live=live)] == [
            ("before", "beyond-risk", 4)
        ]
        with pytest.raises(store.StoreError) as closed:
            store.cast_votes(db, live=live, device_token=token, reflection_ids=[1])
        assert closed.value.code == "vote_closed"
        store.set_vote_state(db, live=live, state="open")
        with pytest.raises(store.StoreError) as unknown:
            store.cast_votes(db, live=live, device_token=token, reflection_ids=[12345])
        assert unknown.value.code == "bad_vote"
        with pytest.raises(store.StoreError) as nothing:
            store.cast_votes(db, live=live, device_token=token, reflection_ids=[])
        assert nothing.value.code == "no_votes"
        assert store.ballot_counts(db, live=live) == {"before": 1}


def test_the_same_ballot_twice_at_once_counts_once(app: FastAPI) -> None:
    """The unique ballot, not the look-up before it, stops a double tap getting through."""
    with Session(app.state.engine, expire_on_commit=False) as db:
        live, _token = store.create_session(
            db, title="x", lang="en", card_numbers=[1], check_statements=["beyond-risk"]
        )
        token = "a-device-token-for-evidence-02"
        store.join(db, live=live, device_token=token)
        db.add(
            EvidenceBallot(
                session_id=live.id or 0, kind="before", voter_hash=store.voter_hash(live, token)
            )
        )
        db.commit()
        with pytest.raises(store.StoreError) as raced:
            # Skip the look-up, as a second request in flight would have.
            store._cast(
                db,
                live=live,
                device_token=token,
                kind="before",
                rows=[
                    CheckAnswer(
                        session_id=live.id or 0, stage="before", statement="beyond-risk", score=2
                    )
                ],
            )
        assert raced.value.code == "already_answered"
        assert store.check_scores(db, live=live) == []


def test_purge_keeps_only_thresholded_confidence_counts(app: FastAPI, client: TestClient) -> None:
    session, phones = room(app, client, people=4)
    for device, score in zip(phones, (4, 5, 4, 1), strict=True):
        answer(device, session.code, "before", {"signs-of-harm": score})
    session.act("end")
    with Session(app.state.engine, expire_on_commit=False) as db:
        live = store.session_by_code(db, code=session.code)
        assert live is not None
        from app.retention import purge_session

        purge_session(db, live=live, deck=app.state.deck)
        kept = {(row.kind, row.key, row.count) for row in store.aggregates(db, live=live)}
    assert ("confidence", "signs-of-harm:before:agree", 3) in kept
    assert not any(key.endswith(":disagree") for kind, key, _n in kept if kind == "confidence")


def test_without_javascript_the_check_is_a_page_of_its_own(
    app: FastAPI, client: TestClient
) -> None:
    session, phones = room(app, client, people=1)
    live_page = phones[0].get(f"/s/{session.code}").text
    assert f'hx-get="/s/{session.code}/evidence"' in live_page  # fetched by htmx...
    assert (
        f'<noscript><p class="notice"><a href="/s/{session.code}/evidence">' in live_page
    )  # ...or linked
    page = phones[0].get(f"/s/{session.code}/evidence")
    assert page.status_code == 200 and "<html" in page.text and 'id="check"' in page.text
    fragment = phones[0].get(f"/s/{session.code}/evidence", headers={"HX-Request": "true"})
    assert "<html" not in fragment.text and 'id="evidence-panel"' in fragment.text
    response = phones[0].post(
        f"/s/{session.code}/check",
        data={"csrf_token": csrf_from(live_page), "stage": "before", "score-signs-of-harm": "4"},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/s/{session.code}/evidence"


def test_a_session_without_the_check_sends_phones_nothing_extra(
    app: FastAPI, client: TestClient
) -> None:
    session = create(client, check=())
    device = phone(app)
    join(device, session.code)
    assert "/evidence" not in device.get(f"/s/{session.code}").text
    assert 'id="check"' not in client.get(session.console).text
    data = json.loads(export(session, "json"))
    assert data["confidence"] == []
    assert data["actions_agreed"]["held"] is False
