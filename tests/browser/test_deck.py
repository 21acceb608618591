"""The deck in a real browser, on a phone and a projector, in both languages."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import (
    LiveServer,
    OffsiteRequests,
    axe_violations,
    format_violations,
    screenshot,
)

PAGES = [
    "/",
    "/cards",
    "/cards/placement-moves",
    "/cards/placement-moves/present",
    "/how-to",
    "/plans",
    "/plans/multi-agency",
    "/join",
    "/facilitate/new",
    "/cards/no-such-card",
]


def test_browse_filter_open_flip_and_switch_language_on_a_phone(
    live_server: LiveServer, phone: Page, offsite: OffsiteRequests
) -> None:
    phone.goto(f"{live_server.url}/?lang=en")
    screenshot(phone, "phone-home-en")
    phone.get_by_role("link", name="Browse the cards").click()
    expect(phone.locator("#card-grid .card-tile")).to_have_count(27)
    phone.select_option("#theme", "missing")
    expect(phone.locator("#card-grid .card-tile")).not_to_have_count(27)
    assert "theme=missing" in phone.url  # htmx pushed the filter into the address
    phone.fill("#q", "")
    phone.select_option("#theme", "")
    phone.fill("#q", "placement")
    expect(phone.locator("#card-grid .card-tile").first).to_contain_text("Placement moves")
    screenshot(phone, "phone-deck-filtered")
    phone.locator("#card-grid .card-tile").first.click()
    expect(phone.locator("h1")).to_have_text("Placement moves")
    back = phone.locator("#card-back")
    expect(back).to_be_hidden()
    phone.get_by_role("button", name="Turn the card over").click()
    expect(back).to_be_visible()
    expect(back).to_contain_text("Stop and think")
    screenshot(phone, "phone-card-flipped")
    phone.get_by_role("link", name="Change language: Cymraeg").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.locator("h1")).to_have_text("Symud lleoliad")
    phone.goto(f"{live_server.url}/cards")
    expect(phone.locator("html")).to_have_attribute("lang", "cy")  # remembered
    screenshot(phone, "phone-deck-cy")
    assert offsite.urls == []


def test_present_mode_keys_move_through_the_deck_on_a_projector(
    live_server: LiveServer, projector: Page, offsite: OffsiteRequests
) -> None:
    projector.goto(f"{live_server.url}/cards/placement-moves/present?lang=en")
    expect(projector.locator(".card-title")).to_have_text("Placement moves")
    title_size = projector.locator(".card-title").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    body_size = projector.locator(".card-message p").evaluate(
        "e => parseFloat(getComputedStyle(e).fontSize)"
    )
    assert title_size >= 56 and body_size >= 32
    screenshot(projector, "projector-present-front")
    projector.keyboard.press("ArrowRight")
    expect(projector.locator("main")).to_have_attribute("data-side", "think")
    projector.keyboard.press("Space")
    expect(projector.locator("main")).to_have_attribute("data-side", "questions")
    screenshot(projector, "projector-present-questions")
    projector.keyboard.press("ArrowRight")
    expect(projector.locator("main")).to_have_attribute("data-side", "front")
    expect(projector.locator(".card-number")).to_contain_text("2")
    projector.keyboard.press("ArrowLeft")
    expect(projector.locator("main")).to_have_attribute("data-side", "questions")
    assert offsite.urls == []


@pytest.mark.parametrize("lang", ["en", "cy"])
@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_no_accessibility_violations(
    live_server: LiveServer, phone: Page, path: str, lang: str
) -> None:
    phone.goto(f"{live_server.url}{path}?lang={lang}")
    violations = axe_violations(phone)
    assert violations == [], format_violations(violations)


@pytest.mark.parametrize("path", ["/", "/cards", "/cards/placement-moves/present"])
def test_projector_pages_have_no_accessibility_violations(
    live_server: LiveServer, projector: Page, path: str
) -> None:
    for lang in ("en", "cy"):
        projector.goto(f"{live_server.url}{path}?lang={lang}")
        screenshot(projector, f"projector{path.replace('/', '-')}-{lang}")
        violations = axe_violations(projector)
        assert violations == [], format_violations(violations)
