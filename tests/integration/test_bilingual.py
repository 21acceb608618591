"""Bilingual sessions, the projector's language and the new-session choices (issue #14).

Through the pages and the API, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
import re

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.exports.formats import FORMATS
from app.models import LiveSession
from tests.integration.test_export_routes import text_of
from tests.live_helpers import Facilitated, create_session, csrf_from, join, phone, reflect

QUOTE = "one-trusted-adult-marker"


def _lang_blocks(html: str) -> list[str]:
    return re.findall(r'class="[^"]*said[^"]*" lang="(cy|en)"', html)


def test_a_bilingual_session_is_stored_as_welsh_first(app: FastAPI, client: TestClient) -> None:
    session = create_session(client, lang="both")
    with Session(app.state.engine) as db:
        live = db.exec(select(LiveSession)).one()
    assert (live.lang, live.bilingual, live.session_lang) == ("cy", True, "both")
    assert live.languages == ("cy", "en")
    assert client.get(f"/api/v1/sessions/{session.code}").json()["lang"] == "both"


def test_the_new_session_page_offers_the_bilingual_language(client: TestClient) -> None:
    html = client.get("/facilitate/new?lang=en").text
    assert '<option value="both"' in html
    assert "Cymraeg a Saesneg / Welsh and English" in html
    # The plan list says how long each plan is and which cards it deals.
    assert re.search(r"\d+ minutes · 2 cards", html)
    assert re.search(r'id="plan-team-huddle-cards">1\. Placement moves; 6\. ', html)


def test_a_plan_and_ticked_cards_are_not_silently_the_plan(client: TestClient) -> None:
    form = client.get("/facilitate/new?lang=en").text
    response = client.post(
        "/facilitate/new",
        data={
            "csrf_token": csrf_from(form),
            "title": "Kept title",
            "session_lang": "both",
            "plan": "team-huddle",
            "cards": ["3", "5"],
            "k": "3",
        },
    )
    assert response.status_code == 400
    assert "You chose a plan and ticked cards" in response.text
    # Nothing typed is lost: the title, language, plan and both ticks come back.
    assert 'value="Kept title"' in response.text
    assert re.search(r'<option value="both"\s+selected', response.text)
    assert re.search(r'value="team-huddle" checked', response.text)
    assert re.search(r'value="3" checked', response.text)
    assert re.search(r'value="5" checked', response.text)
    welsh = client.post(
        "/facilitate/new?lang=cy",
        data={
            "csrf_token": csrf_from(form),
            "title": "Teitl",
            "plan": "team-huddle",
            "cards": ["3"],
            "k": "3",
        },
    )
    assert welsh.status_code == 400 and "Rydych chi wedi dewis cynllun" in welsh.text


def test_the_api_refuses_a_plan_and_cards_together(client: TestClient) -> None:
    response = client.post(
        "/api/v1/sessions", json={"title": "API", "plan": "team-huddle", "cards": [3]}
    )
    assert response.status_code == 422
    created = client.post("/api/v1/sessions", json={"title": "API", "cards": [3], "lang": "both"})
    assert created.status_code == 201
    code = created.json()["code"]
    assert client.get(f"/api/v1/sessions/{code}").json()["lang"] == "both"


def test_previous_before_the_first_card_deals_nothing(client: TestClient) -> None:
    session = create_session(client)
    console = client.get(session.console).text
    assert "disabled" in console.split('value="previous">')[1].split("</form>")[0]
    session.act("previous")
    screen = client.get(f"/s/{session.code}/screen").text
    assert "lobby__code" in screen and "card-title" not in screen
    session.act("next")
    session.act("previous")  # on the first card: stays there
    assert "Placement moves" in client.get(f"/s/{session.code}/screen").text
    session.act("next")
    console = client.get(session.console).text
    previous = console.split('value="previous">')[1].split("</form>")[0]
    assert "disabled" not in previous


def test_the_projector_follows_the_session_language(client: TestClient) -> None:
    welsh = create_session(client, lang="cy")
    screen = client.get(f"/s/{welsh.code}/screen", headers={"Accept-Language": "en-GB"})
    assert '<html lang="cy">' in screen.text
    assert "Ymunwch ar eich ffôn" in screen.text and "Join on your phone" not in screen.text
    asked = client.get(f"/s/{welsh.code}/screen?lang=en").text  # even when asked outright
    assert "Ymunwch ar eich ffôn" in asked
    assert 'class="lang-switch"' not in asked  # the room's screen has no switch
    # The live fragments (SSE and polling) speak the session's language too.
    stage = client.get(f"/s/{welsh.code}/fragment/stage?view=screen&lang=en").text
    assert "Ymunwch ar eich ffôn" in stage
    # The facilitator's own console keeps its switch and the browser's language.
    console = client.get(welsh.console + "?lang=en").text
    assert 'class="lang-switch"' in console and "Deal the first card" in console


def test_the_bilingual_projector_shows_welsh_then_english(app: FastAPI, client: TestClient) -> None:
    session = create_session(client, lang="both", cards=(1, 3))
    lobby = client.get(f"/s/{session.code}/screen?lang=en").text
    assert _lang_blocks(lobby)[:2] == ["cy", "en"]
    assert lobby.index("Ymunwch ar eich ffôn") < lobby.index("Join on your phone")
    device = phone(app)
    join(device, session.code)
    session.act("next")
    card = client.get(f"/s/{session.code}/fragment/stage?view=screen").text
    assert card.index("Symud lleoliad") < card.index("Placement moves")
    assert card.index("Meddwl ar eich pen eich hun") < card.index("Think alone")
    assert card.count("<h1") == 1 and "<h2" in card
    reflect(device, session.code, f"{QUOTE} helps")
    session.visibility("reveal", card=1)
    revealed = client.get(f"/s/{session.code}/fragment/revealed?view=screen").text
    assert revealed.count(QUOTE) == 1  # the room's words once, labelled nothing
    assert revealed.index("r ystafell") < revealed.index("From the room")
    session.act("flip")
    back = client.get(f"/s/{session.code}/fragment/stage?view=screen").text
    assert back.index("Cwestiynau i") < back.index("Questions for discussion")
    session.act("end")
    ended = client.get(f"/s/{session.code}/fragment/stage?view=screen").text
    assert ended.index("Diolch") < ended.index("Thank you")


def test_phones_in_a_bilingual_session_choose_their_language(client: TestClient) -> None:
    session = create_session(client, lang="both")
    device = TestClient(client.app)
    page = device.get(f"/j/{session.code}").text
    assert "Dewiswch eich iaith" in page and "Choose your language" in page
    assert f'href="/j/{session.code}?lang=cy"' in page
    assert f'href="/j/{session.code}?lang=en"' in page
    welsh = device.get(f"/j/{session.code}?lang=cy").text
    assert '<html lang="cy">' in welsh and 'aria-current="true" data-choose-language="cy"' in welsh
    join(device, session.code)
    assert '<html lang="cy">' in device.get(f"/s/{session.code}").text
    single = create_session(client, lang="en")
    assert "Choose your language" not in TestClient(client.app).get(f"/j/{single.code}").text


def test_the_console_shows_both_languages_of_the_card(client: TestClient) -> None:
    session = create_session(client, lang="both")
    session.act("next")
    console = client.get(session.console + "?lang=en").text
    assert re.search(r'<h3 class="console-card__title" lang="cy">Symud lleoliad</h3>', console)
    assert re.search(r'<h3 class="console-card__title" lang="en">Placement moves</h3>', console)
    assert "Deal the next card" in console  # the controls stay in the facilitator's language


def test_the_console_says_when_a_shown_quote_is_not_yet_in_the_summary(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client, k=3)
    devices = [phone(app) for _ in range(3)]
    for device in devices:
        join(device, session.code)
    session.act("next")
    reflect(devices[0], session.code, f"{QUOTE} first")
    session.visibility("reveal", card=1)
    console = client.get(session.console).text
    assert "t appear in the summary until 3 people have written on this card" in console
    assert "(1 so far)" in console
    summary = client.get(f"{session.console}/export", params={"fmt": "md"}).text
    assert QUOTE not in summary  # what the note warns about
    reflect(devices[1], session.code, "second thought")
    reflect(devices[2], session.code, "third thought")
    console = client.get(session.console).text
    assert "appear in the summary until" not in console and "data-summary-notice" not in console
    assert QUOTE in client.get(f"{session.console}/export", params={"fmt": "md"}).text


@pytest.fixture
def bilingual_finished(app: FastAPI, client: TestClient) -> Facilitated:
    session = create_session(client, lang="both", cards=(1, 3))
    devices = [phone(app) for _ in range(3)]
    for device in devices:
        join(device, session.code, role_group="police")
    session.act("next")
    reflect(devices[0], session.code, f"{QUOTE} matters")
    reflect(devices[1], session.code, "Mae un oedolyn cyson yn bwysig")
    reflect(devices[2], session.code, "Stability first")
    session.visibility("reveal", card=1)
    session.act("end")  # a final summary: the same file each time it is made
    return session


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_exports_offer_welsh_english_or_both(
    client: TestClient, bilingual_finished: Facilitated, fmt: str
) -> None:
    def export(lang: str | None) -> str:
        params = {"fmt": fmt, **({"summary_lang": lang} if lang else {})}
        response = client.get(f"{bilingual_finished.console}/export", params=params)
        assert response.status_code == 200, response.text
        return text_of(fmt, response.content)

    both, welsh, english = export(None), export("cy"), export("en")
    assert both == export("both")  # a bilingual session exports in both by default
    if fmt != "themes.csv":
        assert "Symud lleoliad" in welsh and "Placement moves" not in welsh
        assert "Placement moves" in english and "Symud lleoliad" not in english
        flat = " ".join(both.split())
        assert flat.index("Symud lleoliad") < flat.index("Placement moves")  # Welsh first
        assert both.count(QUOTE) == english.count(QUOTE) >= 1  # quotes once, not per language


def test_bilingual_html_and_json_exports_declare_welsh_first(
    client: TestClient, bilingual_finished: Facilitated
) -> None:
    html = client.get(f"{bilingual_finished.console}/export", params={"fmt": "html"}).text
    assert '<html lang="cy">' in html
    data = json.loads(
        client.get(f"{bilingual_finished.console}/export", params={"fmt": "json"}).text
    )
    assert data["labels_lang"] == "both"
    assert "Preifatrwydd" in data["privacy_note"] or " / " in data["privacy_note"]
    token = bilingual_finished.handover.rsplit("/", 1)[1]
    api = client.get(
        f"/api/v1/sessions/{bilingual_finished.code}/export.md",
        params={"lang": "both"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 200
    assert api.text.index("Symud lleoliad") < api.text.index("Placement moves")


def test_an_interim_bilingual_export_says_so_in_both_languages(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client, lang="both")
    session.act("next")
    response = client.get(f"{session.console}/export", params={"fmt": "md"})
    assert response.status_code == 200
    assert response.text.index("Interim summary") > 0
    assert " / Interim summary" in response.text  # the Welsh sentence comes first
