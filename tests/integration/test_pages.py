"""Every page in both languages: status, <html lang>, the language switch, errors."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from app.main import create_app

PAGES = [
    "/",
    "/cards",
    "/cards?theme=placement-stability",
    "/cards?q=move",
    "/cards/placement-moves",
    "/cards/placement-moves/present",
    "/cards/placement-moves/present?side=think",
    "/cards/placement-moves/present?side=questions",
    "/how-to",
    "/plans",
    "/plans/team-huddle",
    "/join",
    "/facilitate/new",
    "/api/docs",
]


def html_lang(body: str) -> str:
    match = re.search(r'<html lang="([a-z]{2})"', body)
    assert match, "no <html lang>"
    return match.group(1)


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("path", PAGES)
def test_page_renders_in_language(client: TestClient, path: str, lang: str) -> None:
    joiner = "&" if "?" in path else "?"
    response = client.get(f"{path}{joiner}lang={lang}")
    assert response.status_code == 200
    assert html_lang(response.text) == lang
    other = "cy" if lang == "en" else "en"
    assert f'hreflang="{other}"' in response.text or "lang=" in response.text


def test_language_choice_is_remembered_in_a_cookie(client: TestClient) -> None:
    client.get("/?lang=cy")
    assert html_lang(client.get("/cards").text) == "cy"
    client.get("/?lang=en")
    assert html_lang(client.get("/cards").text) == "en"


def test_accept_language_is_the_default(client: TestClient) -> None:
    response = client.get("/", headers={"Accept-Language": "cy-GB,cy;q=0.9"})
    assert html_lang(response.text) == "cy"
    assert response.headers["content-language"] == "cy"


def test_unknown_card_is_a_translated_404(client: TestClient) -> None:
    english = client.get("/cards/no-such-card?lang=en")
    welsh = client.get("/cards/no-such-card?lang=cy")
    assert english.status_code == welsh.status_code == 404
    assert "Page not found" in english.text
    assert html_lang(welsh.text) == "cy"
    assert "Page not found" not in welsh.text


def test_bad_query_value_is_a_friendly_page_not_a_trace(client: TestClient) -> None:
    response = client.get("/cards/placement-moves/present?side=sideways")
    assert response.status_code == 400
    assert "Traceback" not in response.text
    assert "<html" in response.text


def test_deck_filter_returns_fragment_for_htmx(client: TestClient) -> None:
    response = client.get("/cards?theme=online", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="card-grid"' in response.text
    assert "HX-Request" in response.headers["vary"]


def test_search_with_no_results_shows_an_empty_state(client: TestClient) -> None:
    response = client.get("/cards?q=zzzzqqq")
    assert "No cards match" in response.text


def test_random_card_redirects_to_a_card(client: TestClient) -> None:
    response = client.get("/cards/random", follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/cards/")


def test_healthz(client: TestClient) -> None:
    body = client.get("/healthz").json()
    assert body["status"] == "ok"
    assert body["cards"] >= 24
    assert body["plans"] >= 3


def test_security_headers_on_every_page(client: TestClient) -> None:
    headers = client.get("/").headers
    csp = headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"


def test_no_page_refers_to_another_host(client: TestClient) -> None:
    for path in PAGES:
        body = client.get(path).text
        assert not re.search(r"""(src|href)=["']https?://""", body), path


def test_card_page_tells_facilitators_welsh_awaits_review(client: TestClient) -> None:
    welsh = client.get("/cards/placement-moves?lang=cy").text
    english = client.get("/cards/placement-moves?lang=en").text
    assert "needs-review" not in welsh  # the raw state name is never shown
    assert 'class="notice notice--info"' in welsh
    assert 'class="notice notice--info"' not in english


def test_server_refuses_to_start_on_invalid_content(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from app.config import Settings
    from app.content.deck import ContentInvalid
    from tests.conftest import FIXTURES

    case = FIXTURES / "content" / "missing-field"
    settings = Settings(
        data_dir=tmp_path,
        cards_dir=case / "cards",
        sessions_dir=case / "sessions",
        static_dir=FIXTURES / "static",
    )
    with pytest.raises(ContentInvalid) as error:
        create_app(settings)
    assert "missing field 'title'" in str(error.value)
