"""Tap to remove on the phone's preview (issue 12), in English and Welsh, and the plain
edit that does the same without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import (
    PHONE,
    PROJECTOR,
    LiveServer,
    OffsiteRequests,
    axe_violations,
    format_violations,
    new_context,
    screenshot,
)
from tests.browser.test_live_session import DESKTOP, create_session

LABELS = {
    "en": {
        "hint": "Tap any word you want taken out before you send.",
        "mine": "Taken out by you",
        "put_back": "Put back",
        "edit_hint": "To take out anything else, change your words above.",
        "name": "[name]",
        "join": "Join the session",
    },
    "cy": {
        "hint": "Tapiwch unrhyw air rydych chi am ei dynnu allan cyn anfon.",
        "mine": "Wedi'u tynnu allan gennych chi",
        "put_back": "Rhoi",
        "edit_hint": "I dynnu unrhyw beth arall allan, newidiwch eich geiriau uchod.",
        "name": "[enw]",
        "join": "Ymuno",
    },
}


def _session_with_a_card(browser: Browser, base: str, offsite: OffsiteRequests) -> tuple[str, Page]:
    facilitator = new_context(browser, DESKTOP, offsite).new_page()
    code, _console = create_session(facilitator, base)
    facilitator.get_by_role("button", name="Deal the first card").click()
    expect(facilitator.locator("#console-reflections")).to_be_attached()
    return code, facilitator


def _join(page: Page, base: str, code: str, lang: str, *, scripts: bool = True) -> None:
    page.goto(f"{base}/j/{code}?lang={lang}")
    page.locator(f"form[action='/j/{code}'] button[type=submit]").click()
    expect(page.locator(".phone-card .card-title")).to_be_visible()
    # The card is drawn by the server before htmx has wired the text box; typing earlier
    # (a test types at once, a person never does) would send no preview request.
    if scripts:
        page.wait_for_function(
            "() => { const box = document.querySelector('#text');"
            " return !!(window.htmx && box && box['htmx-internal-data']); }"
        )


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_tapping_a_word_takes_it_out_and_tapping_again_puts_it_back(
    live_server: LiveServer, browser: Browser, offsite: OffsiteRequests, lang: str
) -> None:
    words = LABELS[lang]
    base = live_server.url
    code, facilitator = _session_with_a_card(browser, base, offsite)
    phone = new_context(browser, PHONE, offsite, is_mobile=True, has_touch=True).new_page()
    _join(phone, base, code, lang)

    phone.fill("#text", "Jade Thompson rode a green bike to the flats every night")
    preview = phone.locator("#preview")
    expect(preview).to_contain_text(words["name"])
    expect(preview.get_by_text(words["hint"])).to_be_visible()
    expect(preview.get_by_text(words["edit_hint"])).to_be_hidden()
    green = preview.locator(".preview__word", has_text=re.compile("^green$"))
    expect(green).to_be_visible()
    screenshot(phone, f"tap-remove-{lang}-before")

    green.tap()
    chip = preview.locator("[data-put-back='green']")
    expect(chip).to_be_visible()
    expect(chip).to_be_focused()
    expect(preview).to_contain_text(words["mine"])
    expect(preview.locator(".preview__text")).not_to_contain_text("green")
    screenshot(phone, f"tap-remove-{lang}-removed")
    phone.set_viewport_size(PROJECTOR)  # the same page on a wide screen
    screenshot(phone, f"tap-remove-{lang}-wide")
    phone.set_viewport_size(PHONE)
    assert axe_violations(phone) == [], format_violations(axe_violations(phone))

    chip.tap()  # undo
    expect(preview.locator(".preview__word", has_text=re.compile("^green$"))).to_be_visible()
    expect(preview.locator("[data-put-back]")).to_have_count(0)

    preview.locator(".preview__word", has_text=re.compile("^bike$")).tap()
    expect(preview.locator("[data-put-back='bike']")).to_be_visible()
    # Typing more keeps what was taken out.
    phone.locator("#text").press("End")
    phone.locator("#text").type(" again")
    expect(preview.locator(".preview__text")).to_contain_text("again")
    expect(preview.locator("[data-put-back='bike']")).to_be_visible()

    phone.locator("#reflection-form button[type=submit]").click()
    phone.locator("#reflection-form button[type=submit]").click()  # send what will be kept
    expect(phone.locator(".mine")).to_contain_text("to the flats every night again")
    expect(phone.locator(".mine")).not_to_contain_text("bike")
    console = facilitator.locator("#console-reflections")
    expect(console).to_contain_text("to the flats every night again")
    expect(console).not_to_contain_text("bike")
    expect(console).not_to_contain_text("Jade")
    assert offsite.urls == []


def test_without_javascript_the_preview_asks_for_a_plain_edit(
    live_server: LiveServer, browser: Browser, offsite: OffsiteRequests
) -> None:
    base = live_server.url
    code, facilitator = _session_with_a_card(browser, base, offsite)
    context = new_context(browser, PHONE, offsite, is_mobile=True, java_script_enabled=False)
    phone = context.new_page()
    _join(phone, base, code, "en", scripts=False)
    phone.fill("#text", "Jade Thompson rode a green bike to the flats")
    phone.locator("#reflection-form button[type=submit]").click()
    preview = phone.locator("#preview")
    expect(preview).to_contain_text("[name] rode a green bike")
    expect(preview.get_by_text(LABELS["en"]["edit_hint"])).to_be_visible()
    expect(preview.locator(".preview__word")).to_have_count(0)
    screenshot(phone, "tap-remove-no-js")
    phone.fill("#text", "Jade Thompson rode a bike to the flats")  # the plain edit
    phone.locator("#reflection-form button[type=submit]").click()
    expect(phone.locator(".mine")).to_contain_text("rode a bike to the flats")
    expect(facilitator.locator("#console-reflections")).not_to_contain_text("green")
