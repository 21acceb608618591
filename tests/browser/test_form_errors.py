"""Every form shows the server's translated error beside the field and keeps what was typed.

htmx drops 4xx answers unless told otherwise (static/js/forms.js tells it); a network
failure, a 5xx or a 429 must say "not sent" and leave the text in the box. Each form is
tried in English and in Welsh.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from playwright.sync_api import Browser, BrowserContext, Route, expect

from app.i18n import translate
from tests.browser.conftest import (
    PHONE,
    LiveServer,
    axe_violations,
    format_violations,
    new_context,
    screenshot,
)
from tests.browser.session_helpers import (
    DESKTOP,
    deal,
    field_of,
    join,
    open_page,
    send,
    start_session,
)

LANGS = ["en", "cy"]


@pytest.fixture
def contexts(browser: Browser) -> Iterator[list[BrowserContext]]:
    opened: list[BrowserContext] = []
    yield opened
    for context in opened:
        context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_phone_reflection_errors_beside_the_field_and_text_kept(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base)
    phone = open_page(browser, contexts)
    join(phone, base, code, lang)
    deal(console)
    expect(phone.locator("#text")).to_be_visible()

    # A first reflection goes: "Sent." is shown.
    phone.fill("#text", "Placement moves unsettle everyone.")
    send(phone, lang)
    sent = phone.locator("[data-form-notice]")
    expect(sent).to_be_visible()

    # "What could change?" without choosing who: the error sits by the level, text stays.
    phone.get_by_label(translate(lang, "What could change?")).check()
    typed = "Review plans together before any move."
    phone.fill("#text", typed)
    send(phone, lang)
    level_error = translate(lang, "Choose who could make this change.")
    expect(field_of(phone, "#level").locator(".error-message")).to_contain_text(level_error)
    expect(phone.locator(".error-summary")).to_contain_text(level_error)
    expect(phone.locator(".error-summary")).to_be_focused()
    expect(phone.locator("#text")).to_have_value(typed)
    screenshot(phone, f"phone-form-error-{lang}")
    assert axe_violations(phone) == [], format_violations(axe_violations(phone))
    expect(phone.get_by_label(translate(lang, "What could change?"))).to_be_checked()
    expect(sent).to_have_count(0)

    # An empty box: the error sits by the text box.
    phone.select_option("#level", "team")
    phone.fill("#text", "")
    send(phone, lang)
    empty = translate(lang, "Write something before you send it.")
    expect(field_of(phone, "#text").locator(".error-message")).to_contain_text(empty)
    expect(phone.locator("#level")).to_have_value("team")


def refusal(answer: str | int) -> Callable[[Route], None]:
    """A route handler: the network drops the request, or a server answers ``answer``."""

    def handle(route: Route) -> None:
        if answer == "abort":
            route.abort("internetdisconnected")
        else:
            route.fulfill(status=int(answer), body="<!doctype html><h1>Busy</h1>")

    return handle


@pytest.mark.parametrize("lang", LANGS)
def test_phone_network_failure_server_error_and_rate_limit_keep_the_text(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base)
    phone = open_page(browser, contexts)
    join(phone, base, code, lang)
    deal(console)
    phone.fill("#text", "The first one goes through.")
    send(phone, lang)
    expect(phone.locator("[data-form-notice]")).to_be_visible()

    typed = "This one must not be lost."
    not_sent = translate(lang, "Not sent. What you typed is still here.")
    cases: list[tuple[str | int, str]] = [
        ("abort", translate(lang, "There is no connection. Try again when you are back online.")),
        (500, translate(lang, "Something went wrong on our side. Try again in a moment.")),
        (429, translate(lang, "Too many tries in a short time. Wait a minute, then try again.")),
    ]
    for answer, reason in cases:
        phone.route(f"**/s/{code}/reflections", refusal(answer))
        phone.fill("#text", typed)
        send(phone, lang)
        alert = phone.locator("#reflection-form [role=alert]")
        expect(alert).to_contain_text(not_sent)
        expect(alert).to_contain_text(reason)
        expect(phone.locator("#text")).to_have_value(typed)
        expect(phone.locator("[data-form-notice]")).to_be_hidden()
        screenshot(phone, f"phone-not-sent-{answer}-{lang}")
        phone.unroute(f"**/s/{code}/reflections")

    # Back online: the same words go, and the alert goes with them.
    send(phone, lang)
    expect(phone.locator("[data-form-notice]")).to_be_visible()
    expect(phone.locator("#reflection-form [role=alert]")).to_have_count(0)
    expect(phone.locator(".mine")).to_contain_text(typed)


@pytest.mark.parametrize("lang", LANGS)
def test_phone_edit_error_beside_its_box_and_text_kept(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base)
    phone = open_page(browser, contexts)
    join(phone, base, code, lang)
    deal(console)
    phone.fill("#text", "Short and fine.")
    send(phone, lang)
    item = phone.locator(".mine .reflection").first
    item.locator("summary").click()
    box = item.locator("textarea")
    # Longer than the limit (as a paste past an old browser's maxlength would be).
    box.evaluate("el => el.removeAttribute('maxlength')")
    typed = "Edited words. " * 150
    box.fill(typed)
    item.get_by_role("button", name=translate(lang, "Save changes")).click()
    item = phone.locator(".mine .reflection").first
    expect(item.locator(".edit")).to_have_attribute("open", "")
    expect(item.locator(".field .error-message")).to_contain_text("2000")
    expect(item.locator("textarea")).to_have_value(typed)
    expect(item.locator(".reflection__text")).to_have_text("Short and fine.")

    # Deleting goes through the same mechanism: a network failure says so beside it.
    phone.route(f"**/s/{code}/reflections/*", lambda route: route.abort("internetdisconnected"))
    item.get_by_role("button", name=translate(lang, "Delete this reflection")).click()
    expect(item.locator(".form-alert")).to_contain_text(translate(lang, "That did not go through."))
    expect(item.locator("textarea")).to_have_value(typed)
    expect(item.locator(".reflection__text")).to_have_text("Short and fine.")


@pytest.mark.parametrize("lang", LANGS)
def test_after_the_session_ends_edit_says_so_and_controls_go(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base)
    phone = open_page(browser, contexts)
    join(phone, base, code, lang)
    deal(console)
    phone.fill("#text", "Sent before the end.")
    send(phone, lang)
    expect(phone.locator(".mine .edit summary")).to_be_visible()

    # This phone has lost its live updates (a train, a proxy): it still shows the controls.
    phone.route("**/events**", lambda route: route.abort())
    phone.route("**/fragment/**", lambda route: route.abort())
    phone.reload()
    expect(phone.locator(".mine .edit summary")).to_be_visible()
    console.get_by_role("button", name="End the session").click()
    expect(console.locator(".pill--ended")).to_be_visible()

    item = phone.locator(".mine .reflection").first
    item.locator("summary").click()
    item.locator("textarea").fill("Too late to change.")
    item.get_by_role("button", name=translate(lang, "Save changes")).click()
    ended = translate(
        lang, "This session has ended, so nothing more can be sent, changed or deleted."
    )
    expect(phone.locator("#phone-work [role=alert]")).to_have_text(ended)
    expect(phone.locator(".mine .edit")).to_have_count(0)
    expect(phone.locator("#reflection-form")).to_have_count(0)
    expect(phone.locator(".mine")).to_contain_text("Sent before the end.")
    screenshot(phone, f"phone-ended-edit-{lang}")
    assert axe_violations(phone) == [], format_violations(axe_violations(phone))

    # A phone that is still connected hears the end and hides what can no longer work.
    connected = open_page(browser, contexts)
    code2, _ = start_session(console, base)
    join(connected, base, code2, lang)
    deal(console)
    connected.fill("#text", "Also sent before the end.")
    send(connected, lang)
    expect(connected.locator(".mine .edit summary")).to_be_visible()
    console.get_by_role("button", name="End the session").click()
    expect(connected.locator(".session-ended")).to_contain_text(
        translate(lang, "Nothing more can be sent, changed or deleted.")
    )
    expect(connected.locator(".mine .edit summary")).to_be_hidden()
    expect(connected.locator("#text")).to_be_hidden()

    # The concern form cannot reach anyone now: the guidance stays, the form goes.
    connected.goto(f"{base}/s/{code2}/concern?lang={lang}")
    expect(connected.locator(".panel--warning")).to_be_visible()
    expect(connected.locator("main")).to_contain_text(
        translate(
            lang,
            "This session has ended, so this form can no longer reach the facilitator. "
            "Follow the guidance above.",
        )
    )
    expect(connected.locator("textarea")).to_have_count(0)


@pytest.mark.parametrize("lang", LANGS)
def test_concern_form_error_beside_the_field_and_text_kept(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base)
    phone = open_page(browser, contexts)
    join(phone, base, code, lang)
    phone.goto(f"{base}/s/{code}/concern?lang={lang}")
    button = translate(lang, "Tell the facilitator privately")
    phone.get_by_role("button", name=button).click()
    empty = translate(lang, "Write something before you send it.")
    expect(field_of(phone, "#text").locator(".error-message")).to_contain_text(empty)
    expect(phone.locator(".error-summary")).to_be_focused()

    phone.locator("#text").evaluate("el => el.removeAttribute('maxlength')")
    typed = "I need to talk to you. " * 100
    phone.fill("#text", typed)
    phone.get_by_role("button", name=button).click()
    expect(field_of(phone, "#text").locator(".error-message")).to_contain_text("2000")
    expect(phone.locator("#text")).to_have_value(typed)
    expect(phone.locator(".error-summary")).to_be_focused()  # focus has moved: type on

    # Offline: nothing is swapped away; the words stay and the page says it was not sent.
    short = "Please find me at the break."
    phone.fill("#text", short)
    phone.route(f"**/s/{code}/concern", lambda route: route.abort("internetdisconnected"))
    phone.get_by_role("button", name=button).click()
    expect(phone.locator("form [role=alert]")).to_contain_text(
        translate(lang, "Not sent. What you typed is still here.")
    )
    expect(phone.locator("#text")).to_have_value(short)


def tampered(old: str, new: str) -> Callable[[Route], None]:
    """A route handler that changes one form field of the request on its way out."""

    def handle(route: Route) -> None:
        body = route.request.post_data or ""
        assert old in body, body
        route.continue_(post_data=body.replace(old, new))

    return handle


@pytest.mark.parametrize("lang", LANGS)
def test_console_refusals_are_shown_beside_the_controls(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    page = open_page(browser, contexts, DESKTOP)
    _code, url = start_session(page, base)
    page.goto(f"{url}?lang={lang}")
    deal_label = translate(lang, "Deal the first card")
    # A stale console (an old tab) asks for an action this session cannot take. (The
    # request is changed on its way: live updates may replace the form at any moment.)
    page.route(f"{url}/action", tampered("action=next", "action=no-such-action"))
    page.get_by_role("button", name=deal_label).click()
    page.unroute(f"{url}/action")
    reason = page.locator("#console-alert [role=alert]")
    expect(reason).to_have_text(translate(lang, "That action is not available."))
    expect(reason).to_be_focused()
    screenshot(page, f"console-refusal-{lang}")
    assert axe_violations(page) == [], format_violations(axe_violations(page))

    # A refusal that comes back as a whole error page is not swapped in: its words are shown.
    page.get_by_role("button", name=deal_label).click()
    expect(reason).to_have_count(0)  # a good action clears it
    phone = open_page(browser, contexts)
    join(phone, base, _code, "en")
    phone.fill("#text", "Worth showing the room.")
    send(phone, "en")
    show = translate(lang, "Show on screen")
    page.route(f"{url}/reflections", tampered("op=reveal", "op=no-such-op"))
    page.locator("#console-reflections").get_by_role("button", name=show).click()
    expect(page.locator("#console-reflections [role=alert]")).to_contain_text(
        translate(lang, "That did not go through.")
    )
    expect(page.locator("#console-reflections [role=alert]")).to_contain_text(
        translate(lang, "Something in that request was not right")
    )
    expect(page.locator("#console-reflections")).to_contain_text("Worth showing the room.")
    screenshot(page, f"console-not-done-{lang}")


@pytest.mark.parametrize("lang", LANGS)
def test_join_forms_error_beside_the_field_and_text_kept(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    phone = open_page(browser, contexts)
    phone.goto(f"{base}/join?lang={lang}")
    phone.fill("#code", "K7P")
    phone.get_by_role("button", name=translate(lang, "Continue")).click()
    message = translate(lang, "The code has 6 letters and numbers, like K7P4XM.")
    expect(field_of(phone, "#code").locator(".error-message")).to_contain_text(message)
    expect(phone.locator("#code")).to_have_value("K7P")

    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base)
    phone.goto(f"{base}/j/{code}?lang={lang}")
    # A role that is not on the list (a stale page, a forged form) is refused by the field.
    phone.locator("#role_group").evaluate(
        "el => { const o = new Option('x', 'not-a-role'); el.add(o); el.value = 'not-a-role'; }"
    )
    phone.get_by_role("button", name=translate(lang, "Join the session")).click()
    expect(field_of(phone, "#role_group").locator(".error-message")).to_contain_text(
        translate(lang, "Choose a role from the list.")
    )


@pytest.mark.parametrize("lang", LANGS)
def test_new_session_form_errors_beside_the_fields_and_values_kept(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    page = open_page(browser, contexts, DESKTOP)
    page.goto(f"{live_server.url}/facilitate/new?lang={lang}")
    page.fill("#title", "Team meeting, March")
    page.fill("#k", "99")
    page.get_by_role("button", name=translate(lang, "Create the session")).click()
    expect(field_of(page, "#k").locator(".error-message")).to_contain_text(
        translate(lang, "Enter a whole number from 2 to 50.")
    )
    expect(page.locator("#cards .error-message")).to_contain_text(
        translate(lang, "Choose at least one card, or a session plan.")
    )
    expect(page.locator("#title")).to_have_value("Team meeting, March")
    expect(page.locator("#k")).to_have_value("99")


@pytest.mark.parametrize("lang", LANGS)
def test_solo_form_errors_beside_the_field_and_text_kept(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    page = open_page(browser, contexts)
    page.goto(f"{live_server.url}/solo?card=placement-moves&lang={lang}")
    typed = "A move I did not question."
    page.fill("#what", typed)
    page.fill("#minutes", "lot")
    page.get_by_role("button", name=translate(lang, "Save to my journal")).click()
    expect(page.locator("[data-field=minutes] .error-message")).to_contain_text(
        translate(lang, "Enter the time in whole minutes, from 0 to 600, like 20")
    )
    expect(page.locator("#what")).to_have_value(typed)
    expect(page.locator("#minutes")).to_have_value("lot")


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_phone_forms_post_and_show_errors_with_the_text(
    live_server: LiveServer, browser: Browser, contexts: list[BrowserContext], lang: str
) -> None:
    base = live_server.url
    console = open_page(browser, contexts, DESKTOP)
    code, _ = start_session(console, base)
    context = new_context(browser, PHONE, java_script_enabled=False)
    contexts.append(context)
    phone = context.new_page()
    join(phone, base, code, lang)
    deal(console)
    phone.reload()
    phone.get_by_label(translate(lang, "What could change?")).check()
    typed = "Ask the young person first."
    phone.fill("#text", typed)
    send(phone, lang)
    expect(field_of(phone, "#level").locator(".error-message")).to_contain_text(
        translate(lang, "Choose who could make this change.")
    )
    expect(phone.locator("#text")).to_have_value(typed)
