"""A whole live session in real browsers: facilitator, projector and three phones."""

from __future__ import annotations

import re

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

DESKTOP = {"width": 1366, "height": 900}


def create_session(page: Page, base: str) -> tuple[str, str]:
    page.goto(f"{base}/facilitate/new?lang=en")
    page.fill("#title", "Multi-agency huddle")
    page.check("input[name=plan][value=team-huddle]")
    page.fill("#k", "3")
    page.get_by_role("button", name="Create the session").click()
    expect(page.locator("h1")).to_have_text("Your session is ready")
    console = page.locator("#console-link").input_value()
    code = re.search(r"/f/([A-Z0-9]{6})/", console).group(1)  # type: ignore[union-attr]
    screenshot(page, "live-created")
    page.get_by_role("link", name="Open the console").click()
    expect(page.locator(".console__title")).to_have_text("Multi-agency huddle")
    return code, console


def join_phone(page: Page, base: str, code: str, by_qr: bool, role: str) -> None:
    if by_qr:
        page.goto(f"{base}/j/{code}?lang=en")
    else:
        page.goto(f"{base}/join?lang=en")
        page.fill("#code", code.lower())
        page.get_by_role("button", name="Continue").click()
    page.select_option("#role_group", role)
    page.get_by_role("button", name="Join the session").click()
    expect(page.locator(".waiting__title, .phone-card").first).to_be_visible()


def send(page: Page, text: str) -> None:
    page.fill("#text", text)
    page.get_by_role("button", name=re.compile("^Send")).click()


def test_a_live_session_end_to_end(
    live_server: LiveServer, browser: Browser, offsite: OffsiteRequests
) -> None:
    base = live_server.url
    facilitator = new_context(browser, DESKTOP, offsite).new_page()
    code, _console = create_session(facilitator, base)
    screenshot(facilitator, "live-console-start")

    projector = new_context(browser, PROJECTOR, offsite).new_page()
    projector.goto(f"{base}/s/{code}/screen?lang=en")
    expect(projector.locator(".lobby__code")).to_have_text(code)
    expect(projector.locator(".lobby__qr svg")).to_be_visible()

    phones = [
        new_context(browser, PHONE, offsite, is_mobile=True, has_touch=True).new_page()
        for _ in range(3)
    ]
    join_phone(phones[0], base, code, by_qr=False, role="police")
    join_phone(phones[1], base, code, by_qr=True, role="social-work")
    join_phone(phones[2], base, code, by_qr=True, role="health")
    expect(projector.locator(".lobby__count")).to_contain_text("3 people have joined")
    screenshot(projector, "live-projector-lobby")

    facilitator.get_by_role("button", name="Deal the first card").click()
    expect(projector.locator(".card-title")).to_have_text("Placement moves")
    for device in phones:
        expect(device.locator(".card-title")).to_have_text("Placement moves")
    screenshot(projector, "live-projector-card")

    # A name typed on a phone is shown redacted in the preview and never reaches anyone.
    phones[0].fill("#text", "Jade Thompson has moved five times this year")
    expect(phones[0].locator("#preview")).to_contain_text("[name]")
    screenshot(phones[0], "live-phone-preview")
    phones[0].get_by_role("button", name=re.compile("^Send")).click()
    phones[0].get_by_role("button", name="Send what will be kept").click()
    expect(phones[0].locator(".mine")).to_contain_text("has moved five times")
    expect(facilitator.locator("#console-reflections")).to_contain_text("has moved five times")
    expect(facilitator.locator("#console-reflections")).not_to_contain_text("Jade")
    expect(projector.locator("body")).not_to_contain_text("moved five times")  # hidden by default

    facilitator.get_by_role("button", name="Show on screen").first.click()
    expect(projector.locator(".quote")).to_contain_text("has moved five times")
    expect(projector.locator("body")).not_to_contain_text("Jade")

    send(phones[1], "Every move breaks a relationship with a trusted adult")
    expect(projector.locator(".room-theme")).to_have_count(0)  # two people: below k
    send(phones[2], "Placement moves should be a shared measure")
    expect(projector.locator(".room-theme")).to_have_count(1)  # a theme from what was written
    expect(projector.locator(".screen-aside")).not_to_contain_text("Placement stability")
    screenshot(projector, "live-projector-themes")

    phones[1].get_by_role("link", name=re.compile("Worried about a child")).click()
    phones[1].fill("#text", "I need to talk to you after this card")
    phones[1].get_by_role("button", name="Tell the facilitator privately").click()
    expect(phones[1].locator(".notice--success")).to_be_visible()
    expect(facilitator.locator("#console-concerns")).to_contain_text("I need to talk to you")
    expect(projector.locator("body")).not_to_contain_text("I need to talk")
    screenshot(facilitator, "live-console-busy")

    facilitator.get_by_role("button", name="Turn over").click()
    expect(projector.locator("h1")).to_have_text("Questions for discussion")

    facilitator.get_by_role("button", name="End the session").click()
    expect(phones[0].locator(".session-ended")).to_contain_text("This session has ended")
    expect(projector.locator(".lobby__title")).to_have_text("Thank you")
    assert offsite.urls == []


def test_a_phone_that_loses_its_stream_catches_up(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    facilitator = new_context(browser, DESKTOP).new_page()
    code, _console = create_session(facilitator, base)
    context = new_context(browser, PHONE, is_mobile=True)
    device = context.new_page()
    join_phone(device, base, code, by_qr=True, role="education")
    expect(device.locator(".waiting__title")).to_be_visible()
    context.set_offline(True)  # the stream drops
    facilitator.get_by_role("button", name="Deal the first card").click()
    expect(facilitator.locator(".console-card__title")).to_have_text("Placement moves")
    context.set_offline(False)
    expect(device.locator(".card-title")).to_have_text("Placement moves", timeout=15000)


def test_live_pages_have_no_accessibility_violations(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    facilitator = new_context(browser, DESKTOP).new_page()
    code, console = create_session(facilitator, base)
    device = new_context(browser, PHONE, is_mobile=True).new_page()
    join_phone(device, base, code, by_qr=True, role="youth-work")
    facilitator.get_by_role("button", name="Deal the first card").click()
    projector = new_context(browser, PROJECTOR).new_page()
    for lang in ("en", "cy"):
        for page, path in (
            (facilitator, console.split("127.0.0.1")[-1].split("/", 1)[1]),
            (projector, f"s/{code}/screen"),
            (device, f"s/{code}"),
            (device, f"s/{code}/concern"),
        ):
            page.goto(f"{base}/{path}?lang={lang}")
            violations = axe_violations(page)
            assert violations == [], f"{path} {lang}: " + format_violations(violations)
        screenshot(device, f"live-phone-card-{lang}")


def test_clicker_keys_on_the_projector_drive_the_session(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    context = new_context(browser, PROJECTOR)
    facilitator = context.new_page()
    code, _console = create_session(facilitator, base)
    screen = context.new_page()  # opened from the facilitator's own browser
    screen.goto(f"{base}/s/{code}/screen?lang=en")
    expect(screen.locator(".lobby__code")).to_have_text(code)
    screen.keyboard.press("ArrowRight")
    expect(screen.locator(".card-title")).to_have_text("Placement moves")
    screen.keyboard.press("Space")
    expect(screen.locator("h1")).to_have_text("Questions for discussion")
    screen.keyboard.press("b")
    expect(screen.locator(".blank-screen")).to_be_visible()
    screen.keyboard.press("b")
    expect(screen.locator(".blank-screen")).to_have_count(0)
    screen.keyboard.press("ArrowLeft")
    expect(screen.locator(".card-title")).to_have_text("Placement moves")
    screenshot(screen, "live-projector-1080")
    screen.set_viewport_size({"width": 1280, "height": 720})
    title = screen.locator(".card-title").evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert title >= 40
    screenshot(screen, "live-projector-720")
    # A projector opened anywhere else shows the session but cannot change it.
    other = new_context(browser, PROJECTOR).new_page()
    other.goto(f"{base}/s/{code}/screen?lang=en")
    other.keyboard.press("ArrowRight")
    other.wait_for_timeout(500)
    expect(screen.locator("main")).not_to_contain_text("Questions for discussion")


def test_phones_fall_back_to_polling_when_streams_are_blocked(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    facilitator = new_context(browser, DESKTOP).new_page()
    code, _console = create_session(facilitator, base)
    context = new_context(browser, PHONE, is_mobile=True)
    context.route("**/events*", lambda route: route.abort())  # a proxy that blocks SSE
    device = context.new_page()
    join_phone(device, base, code, by_qr=True, role="other")
    facilitator.get_by_role("button", name="Deal the first card").click()
    expect(device.locator(".card-title")).to_have_text("Placement moves", timeout=15000)


def test_a_welsh_session_end_to_end_on_postgresql(
    postgres_live_server: LiveServer, browser: Browser, offsite: OffsiteRequests
) -> None:
    """The same journey in Welsh, with the server on PostgreSQL."""
    base = postgres_live_server.url
    facilitator = new_context(browser, DESKTOP, offsite).new_page()
    facilitator.goto(f"{base}/facilitate/new?lang=cy")
    expect(facilitator.locator("html")).to_have_attribute("lang", "cy")
    facilitator.fill("#title", "Sesiwn tîm")
    facilitator.select_option("#session_lang", "cy")
    facilitator.check("input[name=plan][value=team-huddle]")
    facilitator.locator("form[action='/facilitate/new'] button[type=submit]").click()
    console = facilitator.locator("#console-link").input_value()
    code = re.search(r"/f/([A-Z0-9]{6})/", console).group(1)  # type: ignore[union-attr]
    facilitator.goto(console + "?lang=cy")
    projector = new_context(browser, PROJECTOR, offsite).new_page()
    projector.goto(f"{base}/s/{code}/screen?lang=cy")
    expect(projector.locator(".lobby__code")).to_have_text(code)
    phones = []
    for _ in range(3):
        device = new_context(browser, PHONE, offsite, is_mobile=True).new_page()
        device.goto(f"{base}/j/{code}?lang=cy")
        device.locator(f"form[action='/j/{code}'] button[type=submit]").click()
        phones.append(device)
    deal = facilitator.locator("form:has(input[name=action][value=next]) button")
    deal.click()
    expect(projector.locator(".card-title")).to_have_text("Symud lleoliad")
    for number, device in enumerate(phones):
        expect(device.locator(".card-title")).to_have_text("Symud lleoliad")
        device.fill("#text", f"Mae Cerys Pritchard wedi symud eto, meddwl {number}")
        expect(device.locator("#preview")).to_contain_text("[enw]")
        device.get_by_role("button", name="Anfon", exact=True).click()
        # The name asks once more; only the button the answer brings sends what is kept.
        # (Clicking "the submit button" twice raced: under load the second click could land
        # on the first button before the answer replaced it, asking again instead.)
        device.get_by_role("button", name="Anfon yr hyn a gaiff ei gadw").click()
        expect(device.locator(".mine")).to_contain_text(f"meddwl {number}")
    expect(facilitator.locator("#console-reflections .reflection")).to_have_count(3)
    expect(facilitator.locator("#console-reflections")).not_to_contain_text("Cerys")
    facilitator.locator(
        "form:has(input[name=op][value=reveal]):has(input[name=card]) button"
    ).click()
    # Three quotes on screen: one under the theme they made, two above it (never twice).
    expect(projector.locator(".room-theme")).to_have_count(1)
    expect(projector.locator(".room-theme__quote")).to_have_count(1)
    expect(projector.locator(".quote")).to_have_count(2)
    expect(projector.locator("body")).not_to_contain_text("Pritchard")
    screenshot(projector, "live-projector-cy-postgres")
    facilitator.locator("form:has(input[name=action][value=end]) button").click()
    expect(phones[0].locator(".session-ended")).to_be_visible()
    assert offsite.urls == []
