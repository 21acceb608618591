"""Solo mode over HTTP: pages in both languages, the offline files, the redaction preview."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from app import i18n
from app.config import Settings
from app.content.paths import PATHS
from app.limits import REDACT_MAX
from app.main import create_app
from app.routes.solo import PLURAL_SAMPLES

PAGES = (
    "/solo",
    "/solo?card=placement-moves",
    "/solo?card=placement-moves&path=placement-stability",
    "/solo?theme=placement-stability",
    "/solo?path=placement-stability",
    "/solo/journal",
)
NAME = "Kayleigh Morgan"
NOTE = f"I met {NAME} after school; she said the move had been hard."


# Solo mode keeps nothing on the server, so one app (on SQLite) serves the whole module.
@pytest.fixture(scope="module")
def settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(data_dir=tmp_path_factory.mktemp("solo") / "var", secret_key="solo-tests")


@pytest.fixture(scope="module")
def app_client(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def client(app_client: TestClient) -> TestClient:
    # One app for the module, but no cookie (such as a chosen language) carries over.
    app_client.cookies.clear()
    return app_client


def html_lang(html: str) -> str:
    match = re.search(r'<html lang="(\w+)"', html)
    assert match, "no <html lang>"
    return match.group(1)


def island(html: str) -> dict[str, object]:
    match = re.search(r'<script type="application/json" id="solo-data">(.*?)</script>', html, re.S)
    assert match, "no #solo-data island"
    data: dict[str, object] = json.loads(match.group(1))
    return data


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("path", PAGES)
def test_solo_pages_render_in_each_language(client: TestClient, path: str, lang: str) -> None:
    response = client.get(path, params={"lang": lang})
    assert response.status_code == 200
    assert html_lang(response.text) == lang
    data = island(response.text)
    assert data["lang"] == lang
    plurals = data["plurals"]
    assert isinstance(plurals, dict)
    assert all(len(forms) == len(PLURAL_SAMPLES[lang]) for forms in plurals.values())


def test_plural_samples_pick_each_welsh_form_in_order() -> None:
    # solo.js mirrors the catalogue's rule; this pins the rule the samples were chosen by.
    catalogue = i18n.translations("cy")
    assert [catalogue.plural(n) for n in PLURAL_SAMPLES["cy"]] == [0, 1, 2, 3, 4]  # type: ignore[attr-defined]


def test_card_page_shows_the_card_and_a_form_that_cannot_submit_without_script(
    client: TestClient,
) -> None:
    html = client.get("/solo", params={"card": "placement-moves", "lang": "en"}).text
    assert 'class="card-title"' in html and "Placement moves" in html
    assert '<fieldset class="solo-form__fields" data-solo-fields disabled>' in html
    assert 'method="post"' not in html  # the journal is never sent anywhere


def test_card_on_a_path_shows_its_place(client: TestClient) -> None:
    html = client.get(
        "/solo", params={"card": "placement-moves", "path": "placement-stability"}
    ).text
    assert "Card 1 of" in html
    assert "Next card on the path" in html


def test_unknown_card_or_path_is_404(client: TestClient) -> None:
    assert client.get("/solo", params={"card": "no-such-card"}).status_code == 404
    assert client.get("/solo", params={"path": "no-such-path"}).status_code == 404


def test_every_guided_path_has_cards(client: TestClient) -> None:
    deck = client.app.state.deck  # type: ignore[attr-defined]
    for guided in PATHS:
        assert 1 <= len(guided.cards(deck)) <= 5, guided.slug


def test_draw_redirects_to_a_card(client: TestClient) -> None:
    response = client.get("/solo/draw", params={"after": "placement-moves"}, follow_redirects=False)
    assert response.status_code == 303
    assert response.headers["location"].startswith("/solo?card=")
    assert response.headers["location"] != "/solo?card=placement-moves"


def test_card_page_links_to_solo_mode(client: TestClient) -> None:
    assert 'href="/solo?card=placement-moves"' in client.get("/cards/placement-moves").text


def test_service_worker_is_served_from_the_root(client: TestClient) -> None:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/javascript")
    assert response.headers["service-worker-allowed"] == "/"
    assert response.headers["cache-control"] == "no-cache"
    first_line, _, source = response.text.partition("\n")
    config = json.loads(first_line.removeprefix("self.CYT_OFFLINE = ").removesuffix(";"))
    assert re.fullmatch(r"[0-9a-f]{16}", config["version"])
    assert config["languages"] == ["en", "cy"]
    assert {"/cards", "/solo", "/solo/journal", "/cards/placement-moves"} <= set(config["pages"])
    assert "/solo?card=placement-moves" in config["pages"]
    assert any("/static/img/cards/" in url for url in config["assets"])
    assert any(url.startswith("/static/js/solo.js?v=") for url in config["assets"])
    assert 'addEventListener("install"' in source
    for url in config["assets"]:  # a missing asset would make the install fail
        assert client.get(url).status_code == 200, url
    assert client.get("/sw.js").text == response.text  # stable between requests


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_manifest_in_each_language(client: TestClient, lang: str) -> None:
    response = client.get("/manifest.webmanifest", params={"lang": lang})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/manifest+json")
    manifest = response.json()
    assert manifest["lang"] == lang
    assert manifest["start_url"] == "/solo" and manifest["display"] == "standalone"
    assert manifest["name"] == i18n.translate(lang, "Check your thinking")
    sizes = {icon["sizes"] for icon in manifest["icons"]}
    assert {"192x192", "512x512", "any"} <= sizes
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200
    page = client.get("/solo", params={"lang": lang}).text
    assert f'<link rel="manifest" href="/manifest.webmanifest?lang={lang}">' in page


def test_redact_preview_removes_a_name(client: TestClient) -> None:
    response = client.post("/api/v1/redact", json={"text": NOTE, "lang": "en"})
    assert response.status_code == 200
    body = response.json()
    assert "Kayleigh" not in body["redacted"]
    assert "the move had been hard" in body["redacted"]
    assert body["removed"] and all(isinstance(line, str) for line in body["removed"])
    assert response.headers["cache-control"] == "no-store"


def test_redact_preview_rejects_long_text_in_the_texts_language(client: TestClient) -> None:
    too_long = "a" * (REDACT_MAX + 1)
    english = client.post("/api/v1/redact", json={"text": too_long, "lang": "en"})
    welsh = client.post("/api/v1/redact", json={"text": too_long, "lang": "cy"})
    assert english.status_code == welsh.status_code == 422
    assert "4,000" in english.json()["detail"] and "4,000" in welsh.json()["detail"]
    assert english.json()["detail"] != welsh.json()["detail"]
    at_limit = client.post("/api/v1/redact", json={"text": "a" * REDACT_MAX, "lang": "en"})
    assert at_limit.status_code == 200


def test_redact_preview_stores_and_logs_nothing(
    client: TestClient, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    def files(root: Path) -> dict[str, int]:
        if not root.exists():
            return {}
        return {str(p): p.stat().st_size for p in root.rglob("*") if p.is_file()}

    before = files(settings.data_dir)
    caplog.set_level(logging.DEBUG)
    for lang in ("en", "cy"):
        assert client.post("/api/v1/redact", json={"text": NOTE, "lang": lang}).status_code == 200
    client.post("/api/v1/redact", json={"text": NOTE * 200, "lang": "en"})  # too long
    client.post("/api/v1/redact", json={"text": NOTE, "lang": "fr"})  # invalid
    assert files(settings.data_dir) == before
    assert "Kayleigh" not in caplog.text
    invalid = client.post("/api/v1/redact", json={"text": NOTE, "lang": "fr"})
    assert invalid.status_code == 422 and "Kayleigh" not in invalid.text
