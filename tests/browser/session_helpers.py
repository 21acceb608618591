"""Small steps shared by the form and phone browser tests: open a page, run a session."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, BrowserContext, Locator, Page, expect

from app.i18n import translate
from tests.browser.conftest import PHONE, new_context

DESKTOP = {"width": 1366, "height": 900}


def open_page(
    browser: Browser, contexts: list[BrowserContext], viewport: dict[str, int] = PHONE
) -> Page:
    phone = viewport == PHONE
    context = new_context(browser, viewport, is_mobile=phone, has_touch=phone)
    contexts.append(context)
    return context.new_page()


def start_session(page: Page, base: str, cards: tuple[int, ...] = (1, 3)) -> tuple[str, str]:
    """Create a session from the form (in English) and open its console; return code, url."""
    page.goto(f"{base}/facilitate/new?lang=en")
    page.fill("#title", "Forms check")
    for number in cards:
        page.check(f"input[name=cards][value='{number}']")
    page.get_by_role("button", name="Create the session").click()
    link = page.locator("#console-link").input_value()
    code = re.search(r"/f/([A-Z0-9]{6})/", link).group(1)  # type: ignore[union-attr]
    page.goto(link + "?lang=en")  # the secret link hands the console to this browser once
    return code, page.url.split("?")[0]  # the console's own address, with no secret in it


def deal(console: Page) -> None:
    console.get_by_role("button", name=re.compile("^Deal the")).click()
    expect(console.locator(".console-card__title")).to_be_visible()


def join(page: Page, base: str, code: str, lang: str) -> None:
    page.goto(f"{base}/j/{code}?lang={lang}")
    page.get_by_role("button", name=translate(lang, "Join the session")).click()
    expect(page.locator("#phone-work")).to_be_attached()


def field_of(page: Page, selector: str) -> Locator:
    """The field wrapper around one input: where its error message must appear."""
    return page.locator(".field", has=page.locator(selector))


def send(page: Page, lang: str) -> None:
    """Press the reflection form's one button ("Send", or "Send what will be kept")."""
    page.locator("#reflection-form button[type=submit]").click()
