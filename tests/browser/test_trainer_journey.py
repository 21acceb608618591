"""Issue #14 "Done when", in one real-browser journey on PostgreSQL: a facilitator runs a
bilingual session from a plan with presenter notes on the console, closes the browser
mid-session (a laptop restart keeps its cookies), comes back through /facilitate
("Your sessions"), exports an interim summary and ends the session. The projector shows
every label in both languages, Welsh first; the room's words (themes, quotes) once."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

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

LAPTOP = {"width": 1366, "height": 900}
# Three people, two languages, one shared theme (caseloads) so the room's themes show.
WRITERS = (
    ("Cymraeg", "cy", "Mae'r llwyth achosion yn rhy uchel i ddod i nabod y person ifanc."),
    ("English", "en", "Caseloads are so high there is no time to build a relationship."),
    ("English", "en", "With these caseloads nobody has time to be the trusted adult."),
)

# Whether the selected option's text fits inside the <select> (nothing cut off).
SELECT_FITS = """sel => {
  const s = getComputedStyle(sel);
  const ctx = document.createElement('canvas').getContext('2d');
  ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
  const text = ctx.measureText(sel.options[sel.selectedIndex].text).width;
  // Less the padding and Chromium's drop-down arrow (about 20 px) on the right.
  const room = sel.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 24;
  return {text: Math.ceil(text), room: Math.floor(room)};
}"""


def no_axe_violations(page: Page, label: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{label}: " + format_violations(violations)


def both_languages(page: Page, selector: str, welsh: str, english: str) -> None:
    """``selector`` holds a Welsh then an English span, in that order."""
    spans = page.locator(f"{selector} [lang]")
    expect(spans).to_have_count(2)
    expect(spans.nth(0)).to_have_attribute("lang", "cy")
    expect(spans.nth(0)).to_have_text(welsh)
    expect(spans.nth(1)).to_have_attribute("lang", "en")
    expect(spans.nth(1)).to_have_text(english)


def test_a_trainer_runs_a_bilingual_session_from_a_plan_through_a_browser_restart(
    postgres_live_server: LiveServer, browser: Browser, offsite: OffsiteRequests
) -> None:
    base = postgres_live_server.url
    context = new_context(browser, PROJECTOR, offsite)
    facilitator = context.new_page()

    # 1. A bilingual session from a plan, on the new-session page.
    facilitator.goto(f"{base}/facilitate/new?lang=en")
    facilitator.fill("#title", "Sesiwn tîm / Team huddle")
    facilitator.select_option("#session_lang", "both")
    facilitator.check("input[name=plan][value=team-huddle]")
    expect(facilitator.locator("[data-own-cards]")).to_be_hidden()
    facilitator.fill("#k", "3")
    facilitator.get_by_role("button", name="Create the session").click()
    expect(facilitator.locator("h1")).to_have_text("Your session is ready")
    link = facilitator.locator("#console-link").input_value()
    code = re.search(r"/f/([A-Z0-9]{6})/", link).group(1)  # type: ignore[union-attr]
    facilitator.get_by_role("link", name="Open the console").click()
    expect(facilitator.locator(".console__title")).to_have_text("Sesiwn tîm / Team huddle")
    assert facilitator.url == f"{base}/f/{code}"  # the secret is gone from the address

    # The room's computer (an English browser) projects in both languages, Welsh first.
    projector = new_context(browser, PROJECTOR, offsite, locale="en-GB").new_page()
    projector.goto(f"{base}/s/{code}/screen")
    expect(projector.locator("html")).to_have_attribute("lang", "cy")
    expect(projector.locator(".lobby__title").nth(0)).to_have_text("Ymunwch ar eich ffôn")
    expect(projector.locator(".lobby__title").nth(1)).to_have_text("Join on your phone")

    # 2. Three phones join, each choosing a language.
    phones = []
    for choice, lang, _ in WRITERS:
        device = new_context(browser, PHONE, offsite, is_mobile=True, has_touch=True).new_page()
        device.goto(f"{base}/j/{code}")
        device.get_by_role("link", name=choice, exact=True).click()
        expect(device.locator("html")).to_have_attribute("lang", lang)
        device.locator(f"form[action='/j/{code}'] button[type=submit]").click()
        expect(device.locator(".waiting__title")).to_be_visible()
        phones.append(device)
    expect(projector.locator(".lobby__count")).to_contain_text("Mae 3 pherson wedi ymuno")
    expect(projector.locator(".lobby__count")).to_contain_text("3 people have joined")

    # 3. Deal: the plan's presenter notes for the dealt card are on the console.
    facilitator.get_by_role("button", name="Deal the first card").click()
    titles = facilitator.locator(".console-card__title")  # the console shows both
    expect(titles.nth(0)).to_have_text("Symud lleoliad")
    expect(titles.nth(1)).to_have_text("Placement moves")
    notes = facilitator.locator("#console-notes")
    expect(notes).to_contain_text("From the plan: 20-minute team huddle")
    expect(notes.locator("[aria-current=step]")).to_contain_text("Look at the image")
    expect(notes).to_contain_text("Next: Card 6, One trusted adult")
    expect(projector.locator(".card-face--bilingual .said")).to_have_count(2)
    expect(projector.locator(".card-face--bilingual .said").nth(0)).to_have_attribute("lang", "cy")
    expect(phones[0].locator(".card-title")).not_to_have_text("")
    expect(phones[0].locator("html")).to_have_attribute("lang", "cy")
    expect(phones[1].locator(".card-title")).to_have_text("Placement moves")

    # 4. Everyone reflects; the facilitator shows what they wrote on screen.
    for device, (_, _, text) in zip(phones, WRITERS, strict=True):
        device.fill("#text", text)
        device.locator("#reflection-form button[type=submit]").click()
        if device.locator("#reflection-form button[type=submit]").count():
            device.locator("#reflection-form button[type=submit]").click()  # what is kept
        expect(device.locator(".mine")).to_contain_text(text[:20])
    reflections = facilitator.locator("#console-reflections .reflection")
    expect(reflections).to_have_count(3)
    facilitator.get_by_role("button", name="Show all on screen").click()
    # Each shown quote appears once: under its theme, or in the list beside it.
    expect(projector.locator(".quote").first).to_be_visible()
    aside = projector.locator(".screen-aside")
    for _, _, text in WRITERS:
        expect(aside).to_contain_text(text[:30])
    both_languages(
        projector, "#screen-revealed .screen-aside__heading", "O'r ystafell", "From the room"
    )
    # The room's themes: the heading in both languages, Welsh first; names once.
    expect(projector.locator(".room-theme").first).to_be_visible(timeout=15000)
    both_languages(
        projector,
        "#screen-themes-heading",
        "Beth mae’r ystafell yn ei ddweud",
        "What the room is saying",
    )
    name = projector.locator(".room-theme__name").first
    expect(name.locator("[lang]")).to_have_count(0)
    expect(projector.locator(".room-theme__count").first.locator("[lang]")).to_have_count(2)
    screenshot(projector, "journey-projector-1080p")
    no_axe_violations(projector, "projector, bilingual, with themes")

    # The export language select shows "Cymraeg a Saesneg / Welsh and English" whole.
    export_lang = facilitator.locator("#export-lang")
    expect(export_lang).to_have_value("both")
    for viewport, label in ((PROJECTOR, "1920"), (LAPTOP, "1366")):
        facilitator.set_viewport_size(viewport)
        facilitator.wait_for_function(f"window.innerWidth === {viewport['width']}")
        fits = export_lang.evaluate(SELECT_FITS)
        assert fits["text"] <= fits["room"], f"{label}: {fits}"
        form = facilitator.locator("[data-export-form]")
        form.scroll_into_view_if_needed()
        screenshot(facilitator, f"journey-console-{label}")
        form.screenshot(path=str(SCREENSHOTS / f"journey-export-form-{label}.png"))
    facilitator.set_viewport_size(PROJECTOR)

    # 5. The laptop restarts mid-session: the browser closes, its cookies stay.
    state = context.storage_state()
    context.close()
    context = new_context(browser, PROJECTOR, offsite, storage_state=state)
    facilitator = context.new_page()
    facilitator.goto(f"{base}/facilitate?lang=en")
    item = facilitator.locator(".session-list__item", has_text="Sesiwn tîm / Team huddle")
    expect(item).to_contain_text("Running")
    screenshot(facilitator, "journey-your-sessions")
    no_axe_violations(facilitator, "/facilitate after a restart")
    item.get_by_role("link", name="Open the console").click()
    assert facilitator.url == f"{base}/f/{code}"
    expect(facilitator.locator(".console__title")).to_have_text("Sesiwn tîm / Team huddle")
    expect(facilitator.locator("#console-reflections .reflection")).to_have_count(3)
    expect(facilitator.locator("#console-notes [aria-current=step]")).to_contain_text(
        "Look at the image"
    )
    # The room never noticed: the projector still shows the card and the quotes.
    expect(projector.locator(".quote").first).to_be_visible()

    # 6. An interim summary, in both languages.
    expect(facilitator.locator("[data-export-form]")).to_contain_text("marked as interim")
    with facilitator.expect_download() as download:
        facilitator.locator("[data-export-form] button[value='md']").click()
    assert "-interim-" in download.value.suggested_filename
    summary = Path(download.value.path()).read_text(encoding="utf-8")
    assert "Interim summary, made at" in summary
    assert "while the session was still" in summary
    assert re.search(r"[Cc]rynodeb interim", summary), summary[:400]
    assert "Caseloads are so high" in summary
    # Making the file is the slow part on a busy machine: wait for it, not a fixed 5 s.
    expect(facilitator.locator("[data-export-status]")).to_have_text(
        "Your file is ready.", timeout=30_000
    )
    screenshot(facilitator, "journey-console-after-restart")
    no_axe_violations(facilitator, "console after a restart")

    # 7. End the session: the projector thanks the room in both languages.
    facilitator.get_by_role("button", name="End the session").click()
    expect(facilitator.locator(".pill--ended")).to_be_visible()
    expect(projector.locator(".lobby__title").nth(0)).to_have_text("Diolch")
    expect(projector.locator(".lobby__title").nth(1)).to_have_text("Thank you")
    with facilitator.expect_download() as final:
        facilitator.locator("[data-export-form] button[value='md']").click()
    assert "-interim-" not in final.value.suggested_filename
    assert "Interim summary" not in Path(final.value.path()).read_text(encoding="utf-8")
    facilitator.goto(f"{base}/facilitate?lang=cy")
    expect(facilitator.locator(".session-list__item").first).to_contain_text("Wedi dod i ben")
    context.close()
    assert offsite.urls == []
