"""The facilitator console in a real browser: the secret link handed over to a cookie and
never seen again (real `cyt serve` access log, browser history), "Your sessions" after a
closed tab or a restarted browser, presenter notes, interim exports, a private reply to a
concern on the phone, the accessibility statement, and the whole journey by keyboard."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect

from app.config import PROJECT_ROOT
from tests.browser.conftest import (
    PHONE,
    PROJECTOR,
    LiveServer,
    _free_port,
    axe_violations,
    format_violations,
    new_context,
    screenshot,
)

LAPTOP = {"width": 1366, "height": 900}


def create(page: Page, base: str, title: str, plan: str = "team-huddle") -> tuple[str, str]:
    """Create a session from the page; returns (code, the secret console link)."""
    page.goto(f"{base}/facilitate/new?lang=en")
    page.fill("#title", title)
    if plan:
        page.check(f"input[name=plan][value={plan}]")
    else:
        page.check("input[name=cards][value='1']")
        page.check("input[name=cards][value='3']")
    page.get_by_role("button", name="Create the session").click()
    expect(page.locator("h1")).to_have_text("Your session is ready")
    link = page.locator("#console-link").input_value()
    code = re.search(r"/f/([A-Z0-9]{6})/", link).group(1)  # type: ignore[union-attr]
    return code, link


def join(page: Page, base: str, code: str) -> None:
    page.goto(f"{base}/j/{code}?lang=en")
    page.get_by_role("button", name="Join the session").click()
    expect(page.locator(".waiting__title, .phone-card").first).to_be_visible()


def check_axe(page: Page, label: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{label}: " + format_violations(violations)


# The secret never reaches a log or a URL after the first visit ------------------------


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Path, subprocess.Popen[bytes]]]:
    """A real `cyt serve` with its access log going to a file."""
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_ROOT,
            env={**os.environ, "CYT_DATA_DIR": str(tmp_path / "var")},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            pass
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(log.read_text())
        time.sleep(0.1)
    yield url, log, process
    if process.poll() is None:
        process.terminate()
        process.wait(timeout=15)


def test_the_secret_is_in_no_log_line_or_url_after_the_first_visit(
    served: tuple[str, Path, subprocess.Popen[bytes]], browser: Browser
) -> None:
    base, log, process = served
    creator = new_context(browser, LAPTOP).new_page()
    code, link = create(creator, base, "Log check")
    token = link.rsplit("/", 1)[1]

    # The link kept for another computer: a fresh browser opens it once.
    other = new_context(browser, LAPTOP)
    page = other.new_page()
    visited: list[str] = []
    page.on("framenavigated", lambda frame: visited.append(frame.url))
    page.goto(link)
    expect(page.locator(".console__title")).to_have_text("Log check")
    assert page.url == f"{base}/f/{code}"
    # Every console route by cookie: deal, step, fragments, the live stream, an export.
    page.get_by_role("button", name="Deal the first card").click()
    expect(page.locator(".console-card__title")).to_have_text("Placement moves")
    page.get_by_role("button", name="Discuss in pairs").click()
    expect(page.get_by_role("button", name="Discuss in pairs")).to_have_attribute(
        "aria-pressed", "true"
    )
    with page.expect_download() as download:
        page.locator("[data-export-form] button[value=md]").click()
    assert "-interim-" in download.value.suggested_filename
    page.reload()
    expect(page.locator("#console-notes")).to_contain_text("Presenter notes")
    page.go_back()
    visited.append(page.url)
    assert visited and all(token not in url for url in visited), visited
    cookies = {c["name"]: c for c in other.cookies()}
    console_cookie = cookies["cyt_console"]
    assert console_cookie["httpOnly"] and console_cookie["sameSite"] == "Strict"
    assert console_cookie["path"] == f"/f/{code}"

    process.terminate()
    process.wait(timeout=15)
    lines = log.read_text(errors="replace").splitlines()
    assert any(f"/f/{code}/action" in line for line in lines), "no access log"
    with_secret = [i for i, line in enumerate(lines) if token in line]
    # At most the one handover request (the `harden` branch masks even that one).
    assert len(with_secret) <= 1, with_secret
    later = lines[with_secret[0] + 1 :] if with_secret else lines
    assert not [line for line in later if token in line]
    assert any(f"GET /f/{code} " in line for line in later)


def test_a_link_opened_from_another_site_still_reaches_the_console(
    live_server: LiveServer, browser: Browser
) -> None:
    """SameSite=Strict withholds the new cookie on a redirect that began on another site
    (a link in webmail): the console says so and one same-site click carries on."""
    creator = new_context(browser, LAPTOP).new_page()
    code, link = create(creator, live_server.url, "Cross-site link")
    page = new_context(browser, LAPTOP).new_page()
    elsewhere = live_server.url.replace("127.0.0.1", "localhost")  # another site
    page.goto(f"{elsewhere}/how-to?lang=en")
    page.evaluate(
        "href => { const a = document.createElement('a'); a.href = href; a.id = 'mail-link';"
        " a.textContent = 'console'; document.body.prepend(a); }",
        link,
    )
    page.locator("#mail-link").click()
    expect(page.locator("h1")).to_have_text("Open your console")
    assert page.url == f"{live_server.url}/f/{code}"  # the secret is already gone
    check_axe(page, "console locked")
    screenshot(page, "console-locked")
    page.get_by_role("link", name="Continue to the console").click()
    expect(page.locator(".console__title")).to_have_text("Cross-site link")
    assert page.url == f"{live_server.url}/f/{code}"


# A console that cannot be lost -------------------------------------------------------


def test_closing_the_tab_or_restarting_the_browser_never_strands_the_room(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    context = new_context(browser, PROJECTOR)
    page = context.new_page()
    first_code, _ = create(page, base, "Morning huddle")
    code, _ = create(page, base, "Afternoon induction", plan="induction")
    page.get_by_role("link", name="Open the console").click()
    page.get_by_role("button", name="Deal the first card").click()
    expect(page.locator(".console-card__title")).to_be_visible()
    page.close()  # the tab is closed mid-session

    page = context.new_page()
    page.goto(f"{base}/facilitate?lang=en")
    items = page.locator(".session-list__item")
    expect(items).to_have_count(2)
    expect(items.nth(0)).to_contain_text("Afternoon induction")  # most recent first
    expect(items.nth(0)).to_contain_text("Running")
    expect(items.nth(1)).to_contain_text("Morning huddle")
    expect(items.nth(1)).to_contain_text("Not started")
    screenshot(page, "console-your-sessions-1920")
    check_axe(page, "/facilitate en")
    items.nth(0).get_by_role("link", name="Open the console").click()
    expect(page.locator(".console-card__title")).to_be_visible()
    assert page.url == f"{base}/f/{code}"

    # Long-lived cookies, a console grant and a list entry per session: a browser
    # restart keeps them (a new context from the saved state).
    grants = [c for c in context.cookies() if c["name"].startswith("cyt_console")]
    assert len(grants) == 4 and all(c["expires"] > time.time() + 80 * 86400 for c in grants)
    restarted = browser.new_context(viewport=PHONE, storage_state=context.storage_state())
    context.close()
    again = restarted.new_page()
    again.goto(f"{base}/facilitate?lang=cy")
    expect(again.locator(".session-list__item")).to_have_count(2)
    check_axe(again, "/facilitate cy")
    screenshot(again, "console-your-sessions-phone-cy")
    again.locator(".session-list__item").nth(1).get_by_role("link").click()
    expect(again.locator(".console__title")).to_have_text("Morning huddle")
    assert again.url.endswith(f"/f/{first_code}")
    restarted.close()


# Presenter notes, interim export, "Leave out" ----------------------------------------


def test_console_shows_presenter_notes_and_clear_reveal_controls(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    facilitator = new_context(browser, PROJECTOR).new_page()
    code, link = create(facilitator, base, "Presenter notes check")
    facilitator.goto(link)
    notes = facilitator.locator("#console-notes")
    expect(notes).to_contain_text("Notes for each card appear here")
    phones = [new_context(browser, PHONE, is_mobile=True).new_page() for _ in range(3)]
    for device in phones:
        join(device, base, code)
    facilitator.get_by_role("button", name="Deal the first card").click()
    expect(notes).to_contain_text("From the plan: 20-minute team huddle")
    expect(notes.locator("[aria-current=step]")).to_contain_text("Look at the image")
    expect(notes).to_contain_text("Next: Card 6, One trusted adult")
    for i, device in enumerate(phones):
        device.fill("#text", f"Stability matters more than the move, thought {i}")
        device.get_by_role("button", name=re.compile("^Send")).click()
        expect(device.locator(".notice--success")).to_be_visible()
    reflections = facilitator.locator("#console-reflections .reflection")
    expect(reflections).to_have_count(3)
    first = reflections.nth(0)
    expect(first.get_by_role("button", name="Show on screen")).to_have_attribute(
        "title", re.compile("room sees it")
    )
    first.get_by_role("button", name="Show on screen").click()
    expect(reflections.nth(0).get_by_role("button", name="Take off screen")).to_be_visible()
    second = reflections.nth(1)
    leave_out = second.get_by_role("button", name="Leave out")
    expect(leave_out).to_have_attribute("title", re.compile("Nothing is deleted"))
    leave_out.click()
    expect(reflections.nth(1)).to_contain_text("Left out")
    expect(reflections.nth(1).get_by_role("button", name="Put back")).to_be_visible()
    facilitator.locator("details.presenter-notes__plan summary").click()
    expect(facilitator.locator(".presenter-notes__plan")).to_contain_text("Linking the cards")
    facilitator.locator("#console-notes").scroll_into_view_if_needed()
    screenshot(facilitator, "console-notes-1920")
    check_axe(facilitator, "console en")  # includes the left-out reflection's contrast
    facilitator.goto(f"{base}/f/{code}?lang=cy")
    expect(facilitator.locator("#console-notes")).to_contain_text("Nodiadau'r cyflwynydd")
    check_axe(facilitator, "console cy")
    screenshot(facilitator, "console-notes-1920-cy")
    # Interim export in every format while it runs.
    facilitator.goto(f"{base}/f/{code}?lang=en")
    expect(facilitator.locator("[data-export-form]")).to_contain_text("marked as interim")
    for fmt in ("md", "pdf", "docx", "csv", "themes.csv", "json"):
        with facilitator.expect_download() as download:
            facilitator.locator(f"[data-export-form] button[value='{fmt}']").click()
        assert "-interim-" in download.value.suggested_filename, fmt
    expect(facilitator.locator("[data-export-status]")).to_have_text("Your file is ready.")


# A concern can be answered -----------------------------------------------------------


def test_a_concern_is_answered_privately_on_the_phone_that_raised_it(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    facilitator = new_context(browser, LAPTOP).new_page()
    code, link = create(facilitator, base, "Concern reply check", plan="")
    facilitator.goto(link)
    worried = new_context(browser, PHONE, is_mobile=True, has_touch=True).new_page()
    bystander = new_context(browser, PHONE, is_mobile=True, has_touch=True).new_page()
    join(worried, base, code)
    join(bystander, base, code)
    facilitator.get_by_role("button", name="Deal the first card").click()
    worried.get_by_role("link", name=re.compile("Tell the facilitator privately")).click()
    worried.fill("#text", "Something on this card is happening to a child I know")
    worried.get_by_role("button", name="Tell the facilitator privately").click()
    expect(worried.locator(".notice--success")).to_contain_text("cannot see who sent it")
    expect(worried.locator(".panel--warning").first).to_contain_text(
        "Wales Safeguarding Procedures"
    )
    worried.get_by_role("link", name="Back to the session").click()
    status = worried.locator("#phone-concern-reply")
    expect(status).to_contain_text("If they reply, the reply appears here")

    concerns = facilitator.locator("#console-concerns")
    expect(concerns).to_contain_text("Wales Safeguarding Procedures")
    concerns.get_by_label("Please come and find me at the break.", exact=False).check()
    concerns.get_by_label("Add a few words of your own (optional)").fill(
        "I'm in the blue jumper, ask for Rhiannon Pritchard"
    )
    concerns.get_by_role("button", name="Send the reply to that phone only").click()
    expect(concerns).to_contain_text("Reply sent")
    # Arrives live on that phone only, redacted, with the guidance kept.
    expect(status).to_contain_text("Please come and find me at the break.", timeout=15000)
    expect(status).to_contain_text("blue jumper")
    expect(status).not_to_contain_text("Pritchard")
    expect(status).to_contain_text("Wales Safeguarding Procedures")
    status.scroll_into_view_if_needed()
    screenshot(worried, "concern-reply-phone")
    check_axe(worried, "phone with reply en")
    expect(bystander.locator("#phone-concern-reply")).to_have_count(0)
    assert "find me at the break" not in bystander.content()
    worried.goto(f"{base}/s/{code}?lang=cy")
    expect(worried.locator("#phone-concern-reply")).to_contain_text("Diolch am ddweud wrtha i")
    check_axe(worried, "phone with reply cy")
    screenshot(worried, "concern-reply-phone-cy")
    concerns.scroll_into_view_if_needed()
    screenshot(facilitator, "console-concern-reply")
    check_axe(facilitator, "console with concern")


# Accessibility statement -------------------------------------------------------------


@pytest.mark.parametrize("viewport", [PHONE, PROJECTOR], ids=["phone", "projector"])
def test_accessibility_statement_in_both_languages(
    live_server: LiveServer, browser: Browser, viewport: dict[str, int]
) -> None:
    page = new_context(browser, viewport).new_page()
    page.goto(f"{live_server.url}/?lang=en")
    page.get_by_role("contentinfo").get_by_role("link", name="Accessibility statement").click()
    expect(page.locator("h1")).to_have_text("Accessibility statement")
    for lang, heading in (("en", "Accessibility statement"), ("cy", "Datganiad hygyrchedd")):
        page.goto(f"{live_server.url}/accessibility?lang={lang}")
        expect(page.locator("h1")).to_have_text(heading)
        check_axe(page, f"/accessibility {lang}")
        overflow = page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
        assert not overflow
        screenshot(page, f"accessibility-{lang}-{viewport['width']}")


def test_pages_people_read_reflow_at_400_percent_zoom(
    live_server: LiveServer, browser: Browser
) -> None:
    """What the statement promises: 1280 px at 400% is 320 CSS px, with no sideways scroll."""
    page = new_context(browser, {"width": 320, "height": 256}).new_page()
    paths = ("/", "/join", "/facilitate", "/facilitate/new", "/accessibility", "/cards")
    for path in (*paths, "/cards/placement-moves", "/how-to", "/plans", "/solo"):
        for lang in ("en", "cy"):
            page.goto(f"{live_server.url}{path}?lang={lang}")
            width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert width[0] <= width[1], (path, lang, width)


# The whole facilitator journey by keyboard alone ------------------------------------


def tab_to(page: Page, matches: Callable[[], bool], limit: int = 120, back: bool = False) -> None:
    """Press Tab (or Shift+Tab) until the focused element is the one wanted."""
    for _ in range(limit):
        if matches():
            return
        page.keyboard.press("Shift+Tab" if back else "Tab")
    raise AssertionError("never reached by Tab")


def focused(page: Page, selector: str) -> Callable[[], bool]:
    return lambda: bool(page.evaluate("s => document.activeElement?.matches(s)", selector))


def focused_text(page: Page, text: str) -> Callable[[], bool]:
    return lambda: (
        (page.evaluate("() => document.activeElement?.textContent?.trim()") or "") == (text)
    )


def has_focus_ring(page: Page) -> bool:
    """The focused control shows where it is: an outline or a box shadow."""
    return bool(
        page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement);"
            " return s.outlineStyle !== 'none' || s.boxShadow !== 'none'; }"
        )
    )


def test_the_whole_facilitator_journey_works_by_keyboard_alone(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    context: BrowserContext = new_context(browser, LAPTOP)
    page = context.new_page()
    page.goto(f"{base}/?lang=en")
    # Create: from the home page to a new session, keys only.
    tab_to(page, focused(page, "a[href='/facilitate/new']"))
    page.keyboard.press("Enter")
    expect(page.locator("#title")).to_be_visible()
    tab_to(page, focused(page, "#title"))
    page.keyboard.type("Keyboard only session")
    # The plans are a radio group: Tab reaches the chosen one ("My own cards"), an arrow
    # key picks the first plan.
    tab_to(page, focused(page, "input[name=plan][value='']"))
    page.keyboard.press("ArrowDown")
    tab_to(page, focused(page, "button[type=submit]"))
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text("Your session is ready")
    code = re.search(  # type: ignore[union-attr]
        r"/f/([A-Z0-9]{6})/", page.locator("#console-link").input_value()
    ).group(1)
    tab_to(page, focused_text(page, "Open the console"))
    page.keyboard.press("Enter")
    expect(page.locator(".console__title")).to_have_text("Keyboard only session")

    phones = [new_context(browser, PHONE, is_mobile=True).new_page() for _ in range(3)]
    for device in phones:
        join(device, base, code)
    # Deal.
    tab_to(page, focused_text(page, "Deal the first card"))
    assert has_focus_ring(page)
    page.keyboard.press("Enter")
    expect(page.locator(".console-card__title")).to_be_visible()
    for i, device in enumerate(phones):
        expect(device.locator("#text")).to_be_visible()
        device.fill("#text", f"What helps is one adult who stays, view {i}")
        device.get_by_role("button", name=re.compile("^Send")).click()
        expect(device.locator(".notice--success")).to_be_visible()
    expect(page.locator("#console-reflections .reflection")).to_have_count(3)
    # Reveal: all on screen at once.
    tab_to(page, focused_text(page, "Show all on screen"))
    page.keyboard.press("Enter")
    expect(page.locator("#console-reflections")).to_contain_text("On screen")
    # Export (an interim summary), then end.
    tab_to(page, focused(page, "[data-export-form] button[value=md]"))
    with page.expect_download() as download:
        page.keyboard.press("Enter")
    assert "-interim-" in download.value.suggested_filename
    tab_to(page, focused_text(page, "End the session"), back=True)
    page.keyboard.press("Enter")
    expect(page.locator(".pill--ended")).to_be_visible()
    tab_to(page, focused(page, "[data-export-form] button[value=md]"))
    with page.expect_download() as final:
        page.keyboard.press("Enter")
    assert "-interim-" not in final.value.suggested_filename
    text = Path(final.value.path()).read_text(encoding="utf-8")
    assert "one adult who stays" in text
    context.close()
