"""The phone during a live session: focused, announced, and the writing box always at hand.

Card 7 ("The words we use") has the longest front of any card (in Welsh), so it is the
one that pushes the writing box furthest down the phone.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.i18n import translate
from tests.browser.conftest import (
    PHONE,
    LiveServer,
    axe_violations,
    format_violations,
    new_context,
    screenshot,
)
from tests.browser.session_helpers import DESKTOP, join, open_page, start_session

LONGEST_CARD = 7


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


def card_title(page: Page) -> str:
    return page.locator("#phone-card .card-title").inner_text().strip()


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_phone_session_is_focused_and_writing_is_at_hand(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base, cards=(LONGEST_CARD, 19))
    console.get_by_role("button", name="Deal the first card").click()
    console.get_by_role("button", name="5 min").click()
    phone = open_page(browser, contexts)
    join(phone, base, code, lang)
    expect(phone.locator(".phone-bar [data-timer]")).to_be_visible()
    screenshot(phone, f"phone-session-{lang}-card")

    # No site menu one tap from leaving; leaving asks first.
    expect(phone.locator(".site-nav")).to_have_count(0)
    expect(phone.get_by_role("link", name=translate(lang, "Cards"), exact=True)).to_have_count(0)
    leave = phone.locator(".leave summary")
    expect(leave).to_have_text(translate(lang, "Leave"))
    expect(phone.get_by_role("link", name=translate(lang, "Leave the session"))).to_be_hidden()
    leave.click()
    expect(phone.get_by_role("link", name=translate(lang, "Leave the session"))).to_be_visible()
    screenshot(phone, f"phone-session-{lang}-leave")
    assert axe_violations(phone) == [], format_violations(axe_violations(phone))
    leave.click()

    # The long card pushes the box below the fold; "Write" takes the person straight there.
    box = phone.locator("#text")
    assert box.bounding_box()["y"] > PHONE["height"]  # type: ignore[index]
    phone.locator(".phone-bar").get_by_role("link", name=translate(lang, "Write")).click()
    expect(box).to_be_focused()
    expect(box).to_be_in_viewport()
    phone.keyboard.type("Writing while the clock runs.")

    # The step and timer stay at the top of the screen while writing.
    bar = phone.locator(".phone-bar")
    expect(bar.locator("[data-timer]")).to_be_in_viewport()
    top = bar.bounding_box()
    assert top is not None and abs(top["y"]) < 2, top
    screenshot(phone, f"phone-session-{lang}-writing")
    assert axe_violations(phone) == [], format_violations(axe_violations(phone))


@pytest.mark.parametrize("lang", ["en", "cy"])
def test_new_cards_and_steps_are_announced(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base, cards=(1, LONGEST_CARD))
    phone = open_page(browser, contexts)
    join(phone, base, code, lang)
    announcer = phone.locator("[data-announcer]")
    expect(announcer).to_have_attribute("aria-live", "polite")
    expect(announcer).to_have_text("")
    # The card region itself is not live: its timer ticks every second.
    expect(phone.locator("#phone-card")).not_to_have_attribute("aria-live", "polite")

    console.get_by_role("button", name="Deal the first card").click()
    expect(phone.locator("#phone-card .card-title")).to_be_visible()
    title = card_title(phone)
    think = translate(lang, "Think alone")
    expect(announcer).to_have_text(
        translate(lang, "Card %(number)s: %(title)s.") % {"number": 1, "title": title}
        + " "
        + translate(lang, "Step: %(step)s.") % {"step": think}
    )

    console.get_by_role("button", name="Discuss in pairs").click()
    expect(announcer).to_contain_text(
        translate(lang, "Step: %(step)s.") % {"step": translate(lang, "Discuss in pairs")}
    )

    console.get_by_role("button", name="Deal the next card").click()
    expect(phone.locator("#phone-card .card-number")).to_contain_text(str(LONGEST_CARD))
    expect(announcer).to_contain_text(
        translate(lang, "Card %(number)s: %(title)s.")
        % {"number": LONGEST_CARD, "title": card_title(phone)}
    )

    console.get_by_role("button", name="End the session").click()
    expect(announcer).to_have_text(translate(lang, "This session has ended."))


def test_phone_header_keeps_the_language_switch(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext]
) -> None:
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, live_server.url)
    context = new_context(browser, PHONE, is_mobile=True, has_touch=True)
    contexts.append(context)
    phone = context.new_page()
    join(phone, live_server.url, code, "en")
    phone.get_by_role("link", name="Change language: Cymraeg").click()
    expect(phone.locator("html")).to_have_attribute("lang", "cy")
    expect(phone.locator("#phone-work")).to_be_attached()
