"""The facilitator console: the secret link handed over to a cookie, "Your sessions",
presenter notes, interim exports and private replies to concerns (SQLite and PostgreSQL)."""

from __future__ import annotations

import html
import io
import json
from datetime import timedelta

import pytest
from docx import Document
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, select

from app.models import Concern, LiveSession
from app.routes.facilitator import CONSOLE_COOKIE, SESSIONS_COOKIE_PREFIX
from tests.live_helpers import create_session, csrf_from, dealt_session, join, phone, reflect

FORMATS = ("md", "html", "pdf", "docx", "csv", "themes.csv", "json")


def _live(app: FastAPI, code: str) -> LiveSession:
    with Session(app.state.engine) as db:
        return db.exec(select(LiveSession).where(LiveSession.code == code)).one()


def _set_times(app: FastAPI, code: str, *, started: int, card: int) -> None:
    """Move the session's clocks back by whole minutes (as if time had passed)."""
    with Session(app.state.engine) as db:
        live = db.exec(select(LiveSession).where(LiveSession.code == code)).one()
        assert live.started_at and live.card_started_at
        live.started_at -= timedelta(minutes=started)
        live.card_started_at -= timedelta(minutes=card)
        db.add(live)
        db.commit()


# The secret link is a one-time handover --------------------------------------------


def test_secret_link_hands_over_to_a_scoped_cookie_and_redirects_without_it(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client)
    token = session.handover.rsplit("/", 1)[1]
    browser = TestClient(app)  # another browser: has never seen this session
    assert browser.get(session.console).status_code == 401
    response = browser.get(session.handover, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == session.console
    assert token not in response.headers["location"]
    cookies = response.headers.get_list("set-cookie")
    console_cookie = next(c for c in cookies if c.startswith(f"{CONSOLE_COOKIE}="))
    assert f"Path=/f/{session.code};" in console_cookie
    assert "HttpOnly" in console_cookie and "SameSite=strict" in console_cookie
    assert "Secure" not in console_cookie  # CYT_SECURE_COOKIES is off in tests
    listed = next(c for c in cookies if c.startswith(SESSIONS_COOKIE_PREFIX + session.code))
    assert "Path=/facilitate;" in listed and "HttpOnly" in listed
    page = browser.get(session.console)
    assert page.status_code == 200
    assert token not in page.text  # nor in any URL the console page links to
    # Every console route now works by the cookie, and for nobody else.
    stranger = TestClient(app)
    for path in ("", "/fragment/state", "/fragment/notes", "/export?fmt=md"):
        assert browser.get(session.console + path).status_code == 200, path
        assert stranger.get(session.console + path).status_code in (401, 404), path
    assert stranger.get(f"/f/{session.code}/not-the-token").status_code == 404


def test_secure_cookies_setting_marks_the_console_cookie_secure(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client)
    app.state.settings.secure_cookies = True
    response = TestClient(app).get(session.handover, follow_redirects=False)
    console_cookie = next(
        c for c in response.headers.get_list("set-cookie") if c.startswith(CONSOLE_COOKIE)
    )
    assert "Secure" in console_cookie


def test_the_console_cookie_of_one_session_opens_no_other(app: FastAPI, client: TestClient) -> None:
    first = create_session(client, title="First")
    other_browser = TestClient(app)
    second = create_session(other_browser, title="Second")
    assert client.get(first.console).status_code == 200
    assert client.get(second.console).status_code == 401
    assert client.get(f"{second.console}/fragment/state").status_code == 404
    response = client.post(
        f"{second.console}/action",
        data={"action": "next", "csrf_token": first.token()},
        follow_redirects=False,
    )
    assert response.status_code == 404


def test_api_keeps_the_bearer_header(client: TestClient) -> None:
    response = client.post("/api/v1/sessions", json={"title": "API", "cards": [1, 3], "lang": "en"})
    assert response.status_code == 201, response.text
    created = response.json()
    code, token = created["code"], created["facilitator_token"]
    assert created["console_url"].endswith(f"/f/{code}/{token}")
    act = f"/api/v1/sessions/{code}/actions"
    assert client.post(act, json={"action": "next"}).status_code == 401
    headers = {"Authorization": f"Bearer {token}"}
    assert client.post(act, json={"action": "next"}, headers=headers).status_code == 200


# /facilitate: the sessions this browser created ---------------------------------------


def test_your_sessions_lists_this_browsers_sessions_newest_first_with_their_state(
    app: FastAPI, client: TestClient
) -> None:
    older = create_session(client, title="Older session")
    newer = create_session(client, title="Newer session")
    newer.act("next")
    purged = create_session(client, title="Purged session")
    purged.act("end")
    delete = client.get(purged.console)
    client.post(f"{purged.console}/delete", data={"csrf_token": csrf_from(delete.text)})
    elsewhere = create_session(TestClient(app), title="Someone else's session")

    page = client.get("/facilitate")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    listing = page.text
    assert listing.index("Purged") < listing.index("Newer session") < listing.index("Older")
    assert "Reflections deleted" in listing and "Running" in listing
    assert "Not started" in listing and elsewhere.code not in listing
    for session in (older, newer, purged):
        token = session.handover.rsplit("/", 1)[1]
        assert token not in listing
        assert f'href="/facilitate/open/{session.code}"' in listing


def test_reopening_from_your_sessions_renews_a_lost_console_cookie(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client)
    client.cookies.delete(CONSOLE_COOKIE, domain="testserver.local", path=session.console)
    client.cookies.delete(CONSOLE_COOKIE)
    assert client.get(session.console).status_code == 401
    response = client.get(f"/facilitate/open/{session.code}", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"] == session.console
    assert client.get(session.console).status_code == 200
    # A browser that never had it is sent back to its own (empty) list.
    stranger = TestClient(app).get(f"/facilitate/open/{session.code}", follow_redirects=False)
    assert stranger.headers["location"] == "/facilitate"


def test_your_sessions_is_empty_and_translated_for_a_new_browser(client: TestClient) -> None:
    assert "This browser has no sessions yet" in client.get("/facilitate").text
    assert "Eich sesiynau" in client.get("/facilitate?lang=cy").text


# Presenter notes ----------------------------------------------------------------------


def test_notes_from_a_plan_follow_the_clock(app: FastAPI, client: TestClient) -> None:
    session = create_session(client, plan="team-huddle")
    session.act("next")
    _set_times(app, session.code, started=5, card=4)
    notes = client.get(f"{session.console}/fragment/notes").text
    assert "From the plan: 20-minute team huddle" in notes
    # Team huddle: card 1 for 8 minutes; steps of 1, 2, 3 and 2 minutes: after 4 minutes
    # the plan suggests step 3 (minutes 3 to 6).
    assert 'aria-current="step"' in notes
    current = notes.split('aria-current="step"', 1)[1].split("</li>", 1)[0]
    assert "Discuss the questions" in current
    assert "of 20 planned" in notes and "of 8 planned" in notes
    assert "Card 6" in notes and "One trusted adult" in notes  # what comes next
    assert "Facilitator notes from the plan" in notes and "Linking the cards" in notes
    _set_times(app, session.code, started=20, card=0)
    assert "Behind the plan" in client.get(f"{session.console}/fragment/notes").text
    welsh = client.get(f"{session.console}/fragment/notes?lang=cy").text
    assert "Trafod y cwestiynau" in welsh


def test_notes_for_hand_picked_cards_are_the_cards_own_questions(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client, cards=(1, 3))
    assert "once you deal the first one" in client.get(f"{session.console}/fragment/notes").text
    session.act("next")
    notes = client.get(f"{session.console}/fragment/notes").text
    card = app.state.deck.card_by_number(1).text("en")
    assert card.questions and all(q in notes for q in card.questions)
    assert "From the plan" not in notes and " planned</span>" not in notes
    session.act("next")
    last = client.get(f"{session.console}/fragment/notes").text
    assert "This is the last card" in last


# Export while live -------------------------------------------------------------------


def _text(fmt: str, body: bytes) -> str:
    if fmt == "pdf":
        return "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(body)).pages)
    if fmt == "docx":
        return "\n".join(p.text for p in Document(io.BytesIO(body)).paragraphs)
    return body.decode("utf-8-sig")


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_export_while_live_is_marked_interim_with_the_time_in_every_format(
    app: FastAPI, client: TestClient, lang: str
) -> None:
    session, device = dealt_session(app, client)
    reflect(device, session.code, "Only one person wrote this so far")
    word = {"en": "Interim summary", "cy": "Crynodeb interim"}[lang]
    for fmt in FORMATS:
        response = client.get(
            f"{session.console}/export", params={"fmt": fmt, "summary_lang": lang}
        )
        assert response.status_code == 200, fmt
        assert "-interim-" in response.headers["content-disposition"], fmt
        text = _text(fmt, response.content)
        assert word in " ".join(text.split()), fmt
        # Same thresholds: one person is below k = 3, so their words are not in it.
        assert "Only one person wrote this" not in text, fmt
    made = json.loads(client.get(f"{session.console}/export", params={"fmt": "json"}).content)[
        "interim"
    ]
    assert made["made_at"] and "running" in made["note"]
    session.act("end")
    final = client.get(f"{session.console}/export", params={"fmt": "md"})
    assert "Interim" not in final.text and "-interim-" not in final.headers["content-disposition"]


# A concern can be answered -----------------------------------------------------------


def _raise_concern(device: TestClient, code: str, text: str) -> None:
    page = device.get(f"/s/{code}/concern")
    response = device.post(
        f"/s/{code}/concern", data={"csrf_token": csrf_from(page.text), "text": text}
    )
    assert response.status_code == 200
    assert "cannot see who sent it" in response.text


def test_a_reply_reaches_only_the_phone_that_raised_the_concern(
    app: FastAPI, client: TestClient
) -> None:
    session, worried = dealt_session(app, client)
    bystander = phone(app)
    join(bystander, session.code)
    _raise_concern(worried, session.code, "I need to talk about something")
    with Session(app.state.engine) as db:
        concern = db.exec(select(Concern)).one()
        reflections_key = concern.reply_key
    assert concern.reply_key and len(concern.reply_key) == 64
    # The reply key is not the phone's participant hash: the concern cannot be joined
    # to that phone's reflections in the database.
    with Session(app.state.engine) as db:
        from app.models import Participant

        hashes = {p.device_hash for p in db.exec(select(Participant)).all()}
    assert reflections_key not in hashes

    console = client.get(session.console).text
    assert "Reply privately to this phone" in console
    response = client.post(
        f"{session.console}/concerns/{concern.id}/reply",
        data={
            "csrf_token": session.token(),
            "choice": "break",
            "text": "Ask for Gareth Llewellyn at reception",
        },
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Reply sent" in response.text

    mine = worried.get(f"/s/{session.code}/reply")
    assert mine.headers["cache-control"] == "no-store"
    assert "Please come and find me at the break" in mine.text
    assert "at reception" in mine.text and "Llewellyn" not in mine.text  # redacted
    assert "Wales Safeguarding Procedures" in mine.text
    assert "Please come and find me" in worried.get(f"/s/{session.code}").text
    assert "find me at the break" not in bystander.get(f"/s/{session.code}/reply").text
    assert "find me at the break" not in bystander.get(f"/s/{session.code}").text
    # Each phone reads a prepared reply in its own language.
    welsh = worried.get(f"/s/{session.code}/reply?lang=cy").text
    assert "Diolch am ddweud wrtha i" in welsh
    # The projector and the shared phone stream never carry it.
    assert "find me at the break" not in client.get(f"/s/{session.code}/screen").text

    session.act("end")
    with Session(app.state.engine) as db:
        assert db.exec(select(Concern)).all() == []
    assert "find me at the break" not in worried.get(f"/s/{session.code}/reply").text


def test_a_rejected_reply_keeps_the_typed_words_beside_a_translated_error(
    app: FastAPI, client: TestClient
) -> None:
    session, worried = dealt_session(app, client)
    _raise_concern(worried, session.code, "Please talk to me")
    with Session(app.state.engine) as db:
        concern_id = db.exec(select(Concern)).one().id
    url = f"{session.console}/concerns/{concern_id}/reply"
    empty = client.post(url, data={"csrf_token": session.token()}, headers={"HX-Request": "1"})
    assert empty.status_code == 400
    assert "Choose a reply or write a short one." in empty.text
    long_text = "words " * 80
    too_long = client.post(
        url,
        data={"csrf_token": session.token(), "text": long_text},
        headers={"HX-Request": "1"},
    )
    assert too_long.status_code == 400
    assert "300 characters or fewer" in too_long.text
    assert long_text.strip() in too_long.text
    bad = client.post(
        url + "?lang=cy",
        data={"csrf_token": session.token(), "choice": "nonsense", "text": "hello"},
    )
    assert bad.status_code == 400 and "Dewiswch ateb o'r rhestr." in html.unescape(bad.text)
    assert client.get(f"/s/{session.code}/reply").status_code in (200, 303)


# Accessibility statement -------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "heading", "status"),
    [
        ("en", "Accessibility statement", "partially compliant"),
        ("cy", "Datganiad hygyrchedd", "rhannol"),
    ],
)
def test_accessibility_statement_in_both_languages_linked_from_every_footer(
    client: TestClient, lang: str, heading: str, status: str
) -> None:
    page = client.get(f"/accessibility?lang={lang}")
    assert page.status_code == 200
    assert heading in page.text and status in page.text
    assert "2.2" in page.text and "2.1.4" in page.text
    for path in ("/", "/cards", "/join", "/facilitate", "/facilitate/new", "/solo"):
        assert 'href="/accessibility"' in client.get(f"{path}?lang={lang}").text, path
