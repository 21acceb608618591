"""Solo mode on a phone: a private journal that never leaves the device, offline, exported."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, Request, expect

from tests.browser.conftest import (
    PHONE,
    LiveServer,
    OffsiteRequests,
    axe_violations,
    format_violations,
    new_context,
    screenshot,
)

NAME = "Kayleigh Morgan"
WHAT = f"I visited {NAME} at her new placement. She hardly spoke and kept her coat on."
SO_WHAT = "Another move, the third this year. The card says every move costs something."
NOW_WHAT = "At the next review I will ask what this move will cost her, and who stays constant."
STORE_KEY = "cyt.solo.journal.v1"
# Resolves once a service worker controls the page (no string-eval: the CSP forbids it).
CONTROLLED = """() => navigator.serviceWorker.controller ? true : new Promise(resolve =>
    navigator.serviceWorker.addEventListener('controllerchange', () => resolve(true)))"""


@pytest.fixture
def phone_context(browser: Browser, offsite: OffsiteRequests) -> Iterator[BrowserContext]:
    """A phone whose browser may install the service worker (the default blocks it)."""
    context = new_context(
        browser, PHONE, offsite, is_mobile=True, has_touch=True, service_workers="allow"
    )
    yield context
    context.close()


def wait_until_offline_ready(page: Page) -> None:
    """The service worker has cached everything and controls the page."""
    expect(page.locator("[data-offline-ready]")).to_be_visible(timeout=30_000)
    page.evaluate(CONTROLLED)


def carries(request: Request, text: str) -> bool:
    return text in request.url or text in (request.post_data or "")


def cache_bytes(page: Page) -> dict[str, Any]:
    """Entries and bytes held by the offline cache (summed over every cached response)."""
    return dict(
        page.evaluate(
            """async () => {
                const names = (await caches.keys()).filter(n => n.startsWith('cyt-offline-'));
                let bytes = 0, entries = 0;
                for (const name of names) {
                    const cache = await caches.open(name);
                    for (const request of await cache.keys()) {
                        const response = await cache.match(request);
                        bytes += (await response.arrayBuffer()).byteLength;
                        entries += 1;
                    }
                }
                return {names, entries, bytes};
            }"""
        )
    )


def test_private_journal_offline_and_export(
    live_server: LiveServer, phone_context: BrowserContext, offsite: OffsiteRequests
) -> None:
    base = live_server.url
    page = phone_context.new_page()
    seen: list[Request] = []
    phone_context.on("request", lambda request: seen.append(request))

    page.goto(f"{base}/solo?lang=en")
    wait_until_offline_ready(page)
    screenshot(page, "solo-start-en")
    cached = cache_bytes(page)
    print(f"offline cache: {cached}")  # recorded in docs/solo.md
    assert len(cached["names"]) == 1 and cached["entries"] > 50

    # Draw a card and reflect, with a made-up name that the preview redacts.
    page.locator(".solo-bar [data-solo-draw]").click()
    page.wait_for_url("**/solo?card=*")
    title = page.locator("h1.card-title").inner_text()
    card_message = page.locator(".card-message").inner_text()
    page.fill("#what", WHAT)
    page.fill("#so_what", SO_WHAT)
    page.fill("#now_what", NOW_WHAT)
    page.locator("label[for='level-team']").click()
    page.fill("#minutes", "25")
    removed = page.locator("[data-preview-removed]")
    expect(removed).to_be_visible()
    expect(removed).to_contain_text("1")
    page.locator("[data-preview-details] summary").click()
    redacted = page.locator("[data-preview-text]").inner_text()
    assert NAME not in redacted and "Kayleigh" not in redacted
    expect(page.locator("[data-preview]")).to_have_attribute("aria-busy", "false")
    page.locator("#preview").scroll_into_view_if_needed()
    screenshot(page, "solo-preview-en")

    # Saving sends nothing at all (once the page's own loading, favicon included, is over).
    page.wait_for_load_state("networkidle")
    during_save: list[Request] = []

    def record(request: Request) -> None:
        during_save.append(request)

    phone_context.on("request", record)
    page.locator("[data-save]").click()
    expect(page.locator("[data-saved-banner]")).to_be_visible()
    page.wait_for_timeout(300)
    phone_context.remove_listener("request", record)
    assert during_save == [], [r.url for r in during_save]
    screenshot(page, "solo-saved-en")

    page.reload()
    page.goto(f"{base}/solo/journal")
    entry = page.locator(".journal-entry")
    expect(entry).to_have_count(1)
    expect(entry).to_contain_text(title)
    expect(entry).to_contain_text(WHAT)  # the journal keeps what the user wrote
    expect(entry).to_contain_text("Team")
    screenshot(page, "solo-journal-en")

    # Welsh once online, so the device remembers it; then the network goes away.
    page.goto(f"{base}/solo?lang=cy")
    expect(page.locator("html")).to_have_attribute("lang", "cy")
    phone_context.set_offline(True)
    try:
        page.goto(f"{base}/solo")
        expect(page.locator("html")).to_have_attribute("lang", "cy")
        expect(page.locator("[data-offline-notice]")).to_be_visible()
        screenshot(page, "solo-offline-cy")
        page.locator(".solo-bar [data-solo-draw]").click()
        page.wait_for_url("**/solo?card=*")
        expect(page.locator("#what")).to_be_editable()
        page.goto(f"{base}/cards?lang=cy")
        expect(page.locator(".card-tile").first).to_be_visible()
        page.goto(f"{base}/cards?lang=en")
        expect(page.locator("html")).to_have_attribute("lang", "en")
        page.locator(".card-tile").nth(2).click()
        expect(page.locator("h1.card-title")).to_be_visible()
        page.goto(f"{base}/solo/journal?lang=en")
        page.reload()
        expect(page.locator(".journal-entry")).to_have_count(1)

        # Export while offline: it is all built on the device.
        with page.expect_download() as download_info:
            page.locator("[data-export-markdown]").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".md")
        markdown = Path(download.path()).read_text(encoding="utf-8")
        assert markdown.startswith("# Reflective record")
        for expected in (title, WHAT, SO_WHAT, NOW_WHAT, "Team", "25 minutes"):
            assert expected in markdown
        # What the user wrote and the card title: never the card's own text.
        assert card_message[:40] not in markdown and "Stop and think" not in markdown

        # Plain text for an e-portfolio, through the clipboard.
        phone_context.grant_permissions(["clipboard-read", "clipboard-write"])
        page.locator("[data-export-copy]").click()
        expect(page.locator("[data-journal-status]")).to_contain_text("Copied")
        plain = page.evaluate("navigator.clipboard.readText()")
        assert plain.startswith("Reflective record") and NOW_WHAT in plain and "**" not in plain

        # Delete everything, with a real confirmation step in the page.
        page.locator("[data-delete-all]").click()
        confirm = page.locator("[data-delete-all-confirm]")
        expect(confirm).to_be_visible()
        screenshot(page, "solo-delete-confirm-en")
        assert page.evaluate(f"localStorage.getItem('{STORE_KEY}')") is not None
        page.locator("[data-delete-all-yes]").click()
        expect(page.locator("[data-journal-empty]")).to_be_visible()
        assert page.evaluate("localStorage.length") == 0
        assert page.evaluate("indexedDB.databases().then(d => d.length)") == 0
    finally:
        phone_context.set_offline(False)

    # Only the redaction preview ever carried the entry's words off the page.
    carrying = [r for r in seen if carries(r, "Kayleigh") or carries(r, "kept her coat")]
    assert carrying, "the preview should have been asked"
    assert all(r.method == "POST" and r.url == f"{base}/api/v1/redact" for r in carrying)
    assert offsite.urls == []


def test_use_the_redacted_version_in_one_tap(live_server: LiveServer, phone: Page) -> None:
    phone.goto(f"{live_server.url}/solo?card=placement-moves&lang=en")
    fields = phone.locator("#what, #so_what, #now_what, #minutes")
    where = "els => els.map(el => el.getBoundingClientRect().top + window.scrollY)"
    before = fields.evaluate_all(where)
    phone.fill("#what", WHAT)
    use = phone.locator("[data-use-redacted]")
    expect(use).to_be_visible()
    # The preview appears below the fields: nothing the user is typing in moves.
    assert fields.evaluate_all(where) == before
    use.click()
    value = phone.input_value("#what")
    assert "Kayleigh" not in value and "hardly spoke" in value
    expect(use).to_be_hidden()
    assert phone.evaluate("localStorage.length") == 0  # nothing saved until the user saves


def test_edit_and_delete_one_entry(live_server: LiveServer, phone: Page) -> None:
    base = live_server.url
    phone.goto(f"{base}/solo?card=placement-moves&lang=en")
    phone.fill("#now_what", "Ask about the cost of moves.")
    phone.locator("[data-save]").click()
    expect(phone.locator("[data-saved-banner]")).to_be_visible()
    phone.goto(f"{base}/solo/journal")
    phone.locator(".journal-entry [data-slot='edit']").click()
    expect(phone.locator("#now_what")).to_have_value("Ask about the cost of moves.")
    phone.fill("#now_what", "Ask about the cost of every move.")
    phone.locator("[data-save]").click()
    phone.goto(f"{base}/solo/journal")
    expect(phone.locator(".journal-entry")).to_have_count(1)
    expect(phone.locator(".journal-entry")).to_contain_text("every move")
    phone.locator(".journal-entry [data-delete]").click()
    expect(phone.locator("[data-delete-confirm]")).to_be_visible()
    phone.locator("[data-delete-no]").click()
    expect(phone.locator(".journal-entry")).to_have_count(1)
    phone.locator(".journal-entry [data-delete]").click()
    phone.locator("[data-delete-yes]").click()
    expect(phone.locator(".journal-entry")).to_have_count(0)
    assert phone.evaluate("localStorage.length") == 0


def test_form_errors_are_summarised_and_linked(live_server: LiveServer, phone: Page) -> None:
    phone.goto(f"{live_server.url}/solo?card=placement-moves&lang=cy")
    phone.fill("#minutes", "lots")
    phone.locator("[data-save]").click()
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary.locator("a")).to_have_count(2)
    expect(summary).to_be_focused()
    assert phone.evaluate("localStorage.length") == 0
    screenshot(phone, "solo-errors-cy")


def seed_journal(page: Page, base: str) -> None:
    entry = {
        "id": "seeded",
        "created": "2026-11-20T09:30:00.000Z",
        "updated": "2026-11-20T09:30:00.000Z",
        "lang": "en",
        "card": {"slug": "placement-moves", "number": 1, "title": "Placement moves"},
        "what": "A planned move.",
        "so_what": "It cost a friendship.",
        "now_what": "Ask earlier.",
        "level": "me",
        "minutes": 95,
    }
    page.goto(f"{base}/solo/journal")
    page.evaluate(f"localStorage.setItem('{STORE_KEY}', JSON.stringify([{json.dumps(entry)}]))")


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("lang", ["en", "cy"])
def test_solo_pages_pass_axe(live_server: LiveServer, phone: Page, lang: str, scheme: str) -> None:
    base = live_server.url
    phone.emulate_media(color_scheme=scheme)  # type: ignore[arg-type]
    seed_journal(phone, base)
    for path in (
        "/solo",
        "/solo?theme=placement-stability",
        "/solo?path=placement-stability",
        "/solo?card=placement-moves&path=placement-stability",
        "/solo/journal",
    ):
        joiner = "&" if "?" in path else "?"
        phone.goto(f"{base}{path}{joiner}lang={lang}")
        expect(phone.locator("html")).to_have_attribute("lang", lang)
        violations = axe_violations(phone)
        assert violations == [], f"{path} ({lang}, {scheme}):\n{format_violations(violations)}"
        if path == "/solo/journal":
            expect(phone.locator(".journal-entry")).to_have_count(1)
            screenshot(phone, f"solo-journal-{lang}-{scheme}")
        # Everything a thumb has to hit is at least 44 px tall.
        small = phone.evaluate(
            """() => [...document.querySelectorAll(
                'main .button, main .solo-nav a, main .radios__label, main .solo-cards__link')]
                .filter(el => el.offsetParent !== null && el.getBoundingClientRect().height < 44)
                .map(el => el.outerHTML.slice(0, 80))"""
        )
        assert small == [], path
