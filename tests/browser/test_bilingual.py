"""A bilingual session in real browsers, and the projector read from the back of a room.

Issue #14 items 1, 6 and 8: Welsh and English on one screen (Welsh first, same size),
title ≥ 48 px and body ≥ 28 px at 1920×1080, the room's quotes larger than the card
text, nothing clipped at 1080p or 720p; phones choose their language; the new-session
page's plan choice. Font sizes are written to tests/screenshots/projector-font-sizes.json.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Browser, Page, expect

from app.config import PROJECT_ROOT
from app.content.deck import load_deck
from tests.browser.conftest import (
    PHONE,
    PROJECTOR,
    SCREENSHOTS,
    LiveServer,
    OffsiteRequests,
    axe_violations,
    format_violations,
    new_context,
    screenshot,
)

DESKTOP = {"width": 1366, "height": 900}
HD = {"width": 1280, "height": 720}
QUOTES = (
    "We keep moving the problem instead of staying with the young person.",
    "Mae angen i un oedolyn aros yr un fath, beth bynnag sy'n newid o'i gwmpas.",
    "Ask what they want from us before we decide what they need from us.",
)

# Everything the room reads: font sizes by role, and anything that does not fit.
MEASURE = """() => {
  const size = sel => [...document.querySelectorAll(sel)]
    .filter(e => e.getClientRects().length)
    .map(e => parseFloat(getComputedStyle(e).fontSize));
  const name = e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined
    ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '');
  const vw = document.documentElement.clientWidth, vh = document.documentElement.clientHeight;
  const clipped = [];
  for (const el of document.querySelectorAll('main *')) {
    const style = getComputedStyle(el);
    if (!el.getClientRects().length || style.visibility === 'hidden') continue;
    if (el.closest('.visually-hidden')) continue;  // for screen readers, clipped on purpose
    if (el.closest('svg') && el.tagName !== 'svg') continue;
    const r = el.getBoundingClientRect();
    if (r.left < -1 || r.top < -1 || r.right > vw + 1 || r.bottom > vh + 1)
      clipped.push(name(el) + ' leaves the screen ' +
        JSON.stringify([r.left, r.top, r.right, r.bottom].map(Math.round)));
    if (style.overflowX !== 'visible' && el.scrollWidth > el.clientWidth + 1)
      clipped.push(name(el) + ' cuts off its content sideways');
    if (style.overflowY !== 'visible' && el.scrollHeight > el.clientHeight + 1)
      clipped.push(name(el) + ' cuts off its content at the bottom');
  }
  const doc = document.documentElement;
  if (doc.scrollWidth > vw + 1 || doc.scrollHeight > vh + 1)
    clipped.push('the page scrolls: ' + doc.scrollWidth + 'x' + doc.scrollHeight + ' ' +
      JSON.stringify([...document.querySelectorAll('.screen-stage, .screen-aside, .stage-card')]
        .map(e => [e.className, Math.round(e.getBoundingClientRect().height)])));
  return {
    viewport: [window.innerWidth, window.innerHeight],
    title: size('.card-title, .lobby__title, .card-face__heading'),
    body: size('.card-message p, .prompt-list li, .lobby__step, .lobby__lead'),
    card: size('.card-message p, .prompt-list li'),
    bar: size('.stage-card__bar, .lobby__count'),
    quote: size('.quote'),
    hint: size('.stage__hint'),
    langs: [...document.querySelectorAll('main [lang]')].map(e => e.getAttribute('lang')),
    clipped,
  };
}"""

SIZES: dict[str, Any] = {}


def longest_cards() -> tuple[int, int]:
    """(card with the longest front, card with the longest questions), both languages."""
    deck = load_deck(
        PROJECT_ROOT / "cards", PROJECT_ROOT / "sessions", PROJECT_ROOT / "static", PROJECT_ROOT
    )

    def plain(html: str) -> int:
        return len(re.sub(r"<[^>]+>|&\w+;", "x", html))

    def front(card: Any) -> int:
        texts = [card.text(lang) for lang in ("cy", "en")]
        return sum(len(text.title) + len(text.message_text) for text in texts)

    def back(card: Any) -> int:
        texts = [card.text(lang) for lang in ("cy", "en")]
        return sum(len(text.title) + sum(plain(q) for q in text.questions) for text in texts)

    return max(deck.cards, key=front).number, max(deck.cards, key=back).number


def readable(page: Page, label: str) -> dict[str, Any]:
    """Measure the screen at 1080p and 720p; assert the sizes and that nothing is clipped."""
    found: dict[str, Any] = {}
    for viewport in (PROJECTOR, HD):
        page.set_viewport_size(viewport)
        page.wait_for_function(f"window.innerHeight === {viewport['height']}")
        m = page.evaluate(MEASURE)
        key = f"{viewport['width']}x{viewport['height']}"
        screenshot(page, f"bilingual-projector-{label}-{viewport['height']}p")
        assert m["clipped"] == [], f"{label} {key}: " + "; ".join(m["clipped"])
        scale = viewport["height"] / 1080
        if m["title"]:
            assert min(m["title"]) >= 48 * scale - 0.5, f"{label} {key} title {m['title']}"
        if m["body"]:
            assert min(m["body"]) >= 28 * scale - 0.5, f"{label} {key} body {m['body']}"
        if m["quote"] and m["card"]:  # the room's words are larger than the card's text
            assert min(m["quote"]) > max(m["card"]), f"{label} {key} quotes {m}"
        found[key] = {k: sorted(set(v)) for k, v in m.items() if k not in ("clipped", "langs")}
        found[key]["langs"] = m["langs"]
    page.set_viewport_size(PROJECTOR)
    SIZES[label] = found
    return found


def _save_sizes() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / "projector-font-sizes.json"
    old = json.loads(path.read_text()) if path.exists() else {}
    path.write_text(json.dumps({**old, **SIZES}, indent=2))
    return path


def no_axe_violations(page: Page, label: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{label}: " + format_violations(violations)


def send_from(device: Page, text: str) -> None:
    device.fill("#text", text)
    device.locator("#reflection-form button[type=submit]").click()
    expect(device.locator(".mine")).to_contain_text(text[:30])


def test_a_bilingual_session_reads_from_the_back_of_the_room(
    live_server: LiveServer, browser: Browser, offsite: OffsiteRequests
) -> None:
    base = live_server.url
    long_front, long_back = longest_cards()
    facilitator = new_context(browser, DESKTOP, offsite).new_page()
    facilitator.goto(f"{base}/facilitate/new?lang=en")
    facilitator.fill("#title", "Sesiwn amlasiantaethol / Multi-agency session")
    facilitator.select_option("#session_lang", "both")
    facilitator.check("input[name=plan][value='']")
    for number in sorted({long_front, long_back}):
        facilitator.check(f"input[name=cards][value='{number}']")
    facilitator.get_by_role("button", name="Create the session").click()
    console = facilitator.locator("#console-link").input_value()
    code = re.search(r"/f/([A-Z0-9]{6})/", console).group(1)  # type: ignore[union-attr]
    facilitator.goto(console + "?lang=en")

    # The room's computer has an English browser; the screen follows the session.
    projector = new_context(browser, PROJECTOR, offsite, locale="en-GB").new_page()
    projector.goto(f"{base}/s/{code}/screen")
    expect(projector.locator("html")).to_have_attribute("lang", "cy")
    expect(projector.locator(".lobby__title").first).to_have_text("Ymunwch ar eich ffôn")
    expect(projector.locator(".lobby__title").nth(1)).to_have_text("Join on your phone")
    expect(projector.locator(".lang-switch")).to_have_count(0)

    phones = []
    for number, choice in enumerate(("Cymraeg", "English", "English")):
        device = new_context(browser, PHONE, offsite, is_mobile=True, has_touch=True).new_page()
        device.goto(f"{base}/j/{code}")
        expect(device.locator(".language-choice-box h2")).to_have_text(
            re.compile("Dewiswch eich iaith.*Choose your language")
        )
        if number == 0:
            screenshot(device, "bilingual-phone-join-choose")
            no_axe_violations(device, "join page, bilingual session")
        device.get_by_role("link", name=choice, exact=True).click()
        expect(device.locator("html")).to_have_attribute("lang", "cy" if number == 0 else "en")
        if number == 0:
            screenshot(device, "bilingual-phone-join-welsh")
            no_axe_violations(device, "join page in Welsh, bilingual session")
        device.locator(f"form[action='/j/{code}'] button[type=submit]").click()
        expect(device.locator(".waiting__title")).to_be_visible()
        phones.append(device)
    expect(projector.locator(".lobby__count")).to_contain_text("Mae 3 pherson wedi ymuno")
    expect(projector.locator(".lobby__count")).to_contain_text("3 people have joined")
    readable(projector, "lobby")
    no_axe_violations(projector, "projector lobby, bilingual")

    facilitator.get_by_role("button", name="5 min").click()
    for card_index in range(2):
        facilitator.get_by_role(
            "button", name=re.compile("Deal the first card|Deal the next card")
        ).click()
        expect(projector.locator(".card-face--bilingual .said")).to_have_count(2)
        expect(phones[0].locator("html")).to_have_attribute("lang", "cy")
        expect(phones[0].locator(".card-title")).not_to_have_text("")
        # One quote on screen before k people wrote: the console says it is not in the summary.
        send_from(phones[0], QUOTES[0])
        # The new reflection's own button, once it has reached the console (the same words
        # on the card before are already on screen, with "Take off screen").
        facilitator.locator(
            "#console-reflections .reflection", has_text=QUOTES[0][:30]
        ).get_by_role("button", name="Show on screen", exact=True).first.click()
        expect(projector.locator(".quote")).to_have_count(1)
        if card_index == 0:
            expect(facilitator.locator("[data-summary-notice]")).to_contain_text(
                "won't appear in the summary until 3 people have written on this card"
            )
        send_from(phones[1], QUOTES[1])
        send_from(phones[2], QUOTES[2])
        expect(facilitator.locator("[data-summary-notice]")).to_have_count(0)
        facilitator.get_by_role("button", name="Show all on screen").click()
        expect(projector.locator(".quote")).to_have_count(3)
        number = projector.locator(".card-number").first.inner_text()
        label = "longest-front" if str(long_front) in number else "front"
        readable(projector, f"card{card_index + 1}-{label}")
        no_axe_violations(projector, f"projector card {card_index + 1}, bilingual")
        facilitator.get_by_role("button", name="Turn over").click()
        expect(projector.locator(".card-face__heading").first).to_have_text("Cwestiynau i'w trafod")
        label = "longest-questions" if str(long_back) in number else "questions"
        readable(projector, f"card{card_index + 1}-{label}")
        no_axe_violations(projector, f"projector questions {card_index + 1}, bilingual")
        if card_index == 0:
            no_axe_violations(facilitator, "console, bilingual")
            screenshot(facilitator, "bilingual-console")

    facilitator.get_by_role("button", name="End the session").click()
    expect(projector.locator(".lobby__title").first).to_have_text("Diolch")
    expect(projector.locator(".lobby__title").nth(1)).to_have_text("Thank you")
    readable(projector, "ended")
    no_axe_violations(projector, "projector ended, bilingual")
    print(_save_sizes())
    assert offsite.urls == []


def test_quotes_outsize_the_card_and_the_hint_steps_aside(
    live_server: LiveServer, browser: Browser
) -> None:
    """One language: the room's words are larger than the card text; the key hint and the
    end message can be read from the back, and the hint goes after a few seconds."""
    base = live_server.url
    context = new_context(browser, PROJECTOR)
    facilitator = context.new_page()
    facilitator.goto(f"{base}/facilitate/new?lang=en")
    facilitator.fill("#title", "Team huddle")
    facilitator.select_option("#session_lang", "en")
    facilitator.check("input[name=plan][value=team-huddle]")
    facilitator.get_by_role("button", name="Create the session").click()
    console = facilitator.locator("#console-link").input_value()
    code = re.search(r"/f/([A-Z0-9]{6})/", console).group(1)  # type: ignore[union-attr]
    facilitator.goto(console)
    expect(facilitator.locator("form:has(input[value=previous]) button")).to_be_disabled()
    screen = context.new_page()  # the facilitator's own browser: it has the key hint
    screen.goto(f"{base}/s/{code}/screen")
    expect(screen.locator("html")).to_have_attribute("lang", "en")
    hint = screen.locator(".stage__hint")
    expect(hint).to_be_visible()
    assert hint.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 24
    screen.keyboard.press("ArrowLeft")  # "back" before the first card deals nothing
    screen.wait_for_timeout(300)
    expect(screen.locator(".lobby__code")).to_have_text(code)
    expect(hint).to_be_hidden(timeout=15000)
    phones = []
    for _ in range(3):
        device = new_context(browser, PHONE, is_mobile=True).new_page()
        device.goto(f"{base}/j/{code}?lang=en")
        expect(device.locator(".language-choice-box")).to_have_count(0)
        device.get_by_role("button", name="Join the session").click()
        phones.append(device)
    facilitator.get_by_role("button", name="Deal the first card").click()
    expect(screen.locator(".card-title")).to_have_text("Placement moves")
    expect(facilitator.locator("form:has(input[value=previous]) button")).to_be_disabled()
    for device, text in zip(phones, QUOTES, strict=True):
        send_from(device, text)
    facilitator.get_by_role("button", name="Show all on screen").click()
    expect(screen.locator(".quote")).to_have_count(3)
    sizes = {}
    for viewport in (PROJECTOR, HD):
        screen.set_viewport_size(viewport)
        screen.wait_for_function(f"window.innerHeight === {viewport['height']}")
        m = screen.evaluate(MEASURE)
        assert m["clipped"] == [], m["clipped"]
        assert min(m["quote"]) > max(m["card"]), m
        sizes[f"{viewport['width']}x{viewport['height']}"] = m
        screenshot(screen, f"projector-quotes-{viewport['height']}p")
    SIZES["english-card-with-quotes"] = {
        k: {n: sorted(set(v[n])) for n in ("title", "card", "quote")} for k, v in sizes.items()
    }
    screen.set_viewport_size(PROJECTOR)
    facilitator.get_by_role("button", name="End the session").click()
    expect(screen.locator(".lobby__title")).to_have_text("Thank you")
    lead = screen.locator(".lobby__lead")
    assert lead.evaluate("e => parseFloat(getComputedStyle(e).fontSize)") >= 40
    screenshot(screen, "projector-ended-1080p")
    _save_sizes()


def test_the_new_session_page_shows_plans_and_hides_the_cards_for_a_plan(
    live_server: LiveServer, browser: Browser
) -> None:
    base = live_server.url
    for viewport, name in ((PHONE, "phone"), (DESKTOP, "desktop")):
        page = new_context(browser, viewport).new_page()
        page.goto(f"{base}/facilitate/new?lang=en")
        cards = page.locator("[data-own-cards]")
        expect(cards).to_be_visible()
        huddle = page.locator("label.plan-choice", has_text="Team huddle")
        expect(huddle).to_contain_text(re.compile(r"\d+ minutes · 2 cards"))
        expect(huddle).to_contain_text("1. Placement moves")
        page.check("input[name=cards][value='4']")
        page.check("input[name=plan][value=team-huddle]")
        expect(cards).to_be_hidden()
        screenshot(page, f"new-session-plan-{name}")
        page.check("input[name=plan][value='']")
        expect(cards).to_be_visible()
        screenshot(page, f"new-session-own-cards-{name}")
        for lang in ("en", "cy"):
            page.goto(f"{base}/facilitate/new?lang={lang}")
            no_axe_violations(page, f"new session {lang} {name}")
        page.context.close()
    # With a plan picked, the ticked box is not sent: the plan is what they chose.
    page = new_context(browser, DESKTOP).new_page()
    page.goto(f"{base}/facilitate/new?lang=en")
    page.fill("#title", "Plan with JavaScript")
    page.check("input[name=cards][value='4']")
    page.check("input[name=plan][value=team-huddle]")
    page.get_by_role("button", name="Create the session").click()
    expect(page.locator("h1")).to_have_text("Your session is ready")
    page.context.close()


def test_without_javascript_a_plan_and_ticked_cards_ask_which(
    live_server: LiveServer, browser: Browser
) -> None:
    page = new_context(browser, PHONE, java_script_enabled=False).new_page()
    page.goto(f"{live_server.url}/facilitate/new?lang=cy")
    page.fill("#title", "Teitl y sesiwn")
    page.check("input[name=plan][value=team-huddle]")
    expect(page.locator("[data-own-cards]")).to_be_visible()  # the choice stays explicit
    page.check("input[name=cards][value='4']")
    page.locator("form[action='/facilitate/new'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("Rydych chi wedi dewis cynllun")
    expect(page.locator("#title")).to_have_value("Teitl y sesiwn")
    expect(page.locator("input[name=cards][value='4']")).to_be_checked()
    screenshot(page, "new-session-plan-and-cards-error-cy")
    page.context.close()
    # The same error page, checked by axe (which needs JavaScript to run).
    page = new_context(browser, PHONE).new_page()
    page.goto(f"{live_server.url}/facilitate/new?lang=cy")
    page.fill("#title", "Teitl y sesiwn")
    page.check("input[name=cards][value='4']")
    page.check("input[name=plan][value=team-huddle]")
    page.locator("[data-own-cards]").evaluate("e => { e.disabled = false; }")
    page.locator("form[action='/facilitate/new'] button[type=submit]").click()
    expect(page.locator(".error-summary")).to_contain_text("Rydych chi wedi dewis cynllun")
    no_axe_violations(page, "new session error cy")
    page.context.close()
