"""Themes in real browsers: a room of 30 reflections (27 seeded, three phones), named
themes on the projector, the facilitator renaming and merging by keyboard, the export."""

from __future__ import annotations

import json
import re

from fastapi import FastAPI
from playwright.sync_api import Browser, Page, expect
from sqlmodel import Session

from app import store
from app.config import PROJECT_ROOT
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

CONSOLE = {"width": 1440, "height": 1000}
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "themes-gold-1.json"
PHONE_TEXTS = (
    "Caseloads are so high there is no time to build a relationship.",
    "Mae'r llwyth achosion yn rhy uchel i ddod i nabod neb.",
    "With these caseloads nobody has time to be the trusted adult.",
)


def seed_room(app: FastAPI, code: str, count: int = 27) -> None:
    """People who wrote before the three phones: real sentences from the theme fixture
    (cards 1 and 6), stored the way the phone route stores them (redacted)."""
    sentences = [r["text"] for r in json.loads(FIXTURE.read_text(encoding="utf-8"))["reflections"]]
    chosen = [s for s in sentences if "caseload" not in s.lower()][:count]
    with Session(app.state.engine, expire_on_commit=False) as db:
        live = store.session_by_code(db, code=code)
        assert live is not None
        card = store.current_card_number(live)
        assert card is not None
        for n, text in enumerate(chosen):
            person = store.join(db, live=live, device_token=f"seeded-device-{n}")
            store.add_reflection(db, live=live, person=person, card_number=card, text=text)


def create_session(page: Page, base: str) -> str:
    page.goto(f"{base}/facilitate/new?lang=en")
    page.fill("#title", "Themes in the room")
    page.check("input[name=plan][value=team-huddle]")
    page.fill("#k", "3")
    page.get_by_role("button", name="Create the session").click()
    page.get_by_role("link", name="Open the console").click()
    expect(page.locator(".console__title")).to_have_text("Themes in the room")
    return re.search(r"/f/([A-Z0-9]{6})", page.url).group(1)  # type: ignore[union-attr]


def test_room_themes_shaped_by_keyboard_reach_projector_and_export(
    live_server: LiveServer, browser: Browser, offsite: OffsiteRequests
) -> None:
    base = live_server.url
    app: FastAPI = live_server.server.config.app  # type: ignore[assignment]
    facilitator = new_context(browser, CONSOLE, offsite).new_page()
    code = create_session(facilitator, base)
    console = facilitator.url.split("?")[0]
    facilitator.get_by_role("button", name="Deal the first card").click()
    projector = new_context(browser, PROJECTOR, offsite).new_page()
    projector.goto(f"{base}/s/{code}/screen?lang=en")
    expect(projector.locator(".card-title")).to_be_visible()

    seed_room(app, code)
    phones = [new_context(browser, PHONE, offsite, is_mobile=True).new_page() for _ in range(3)]
    for device, text in zip(phones, PHONE_TEXTS, strict=True):
        device.goto(f"{base}/j/{code}?lang=en")
        device.get_by_role("button", name="Join the session").click()
        device.fill("#text", text)
        device.locator("#reflection-form button[type=submit]").click()
        if device.locator("#reflection-form button[type=submit]").count():
            device.locator("#reflection-form button[type=submit]").click()  # what is kept
        expect(device.locator(".mine")).to_contain_text(text[:20])

    # The projector shows named themes built from what was written, not the card's tags.
    themes = projector.locator(".room-theme")
    expect(themes.first).to_be_visible()
    expect(
        projector.locator(".room-theme__name", has_text=re.compile("caseload", re.I))
    ).to_be_visible()
    aside = projector.locator(".screen-aside")
    for tag in ("Placement stability", "Relationships", "Outcomes"):
        expect(aside).not_to_contain_text(tag)
    names = [n.strip() for n in projector.locator(".room-theme__name").all_inner_texts()]
    assert 2 <= len(names) <= 4, names
    panel = facilitator.locator("#console-themes")
    for name in names:
        expect(panel.locator(".theme-box__title", has_text=name).first).to_be_visible()

    # One quote the facilitator showed appears under its theme.
    facilitator.locator("#console-reflections .reflection", has_text="caseloads nobody").locator(
        "form:has(input[value=reveal]) button"
    ).click()
    expect(projector.locator(".room-theme__quote")).to_contain_text("caseloads nobody")

    # Rename the caseloads theme by keyboard alone.
    box = panel.locator(
        ".theme-box",
        has=facilitator.locator(".theme-box__title", has_text=re.compile("caseload", re.I)),
    )
    box.locator(".theme-box__edit summary").focus()
    facilitator.keyboard.press("Enter")
    name_field = box.locator("input[name=label]").first
    expect(name_field).to_be_visible()
    facilitator.keyboard.press("Tab")
    expect(name_field).to_be_focused()
    facilitator.keyboard.press("Control+A")
    facilitator.keyboard.type("No time to build trust")
    facilitator.keyboard.press("Enter")
    expect(panel.locator(".theme-box__title", has_text="No time to build trust")).to_be_visible()
    expect(
        projector.locator(".room-theme__name", has_text="No time to build trust")
    ).to_be_visible()

    # Merge another theme into it, by keyboard: type-ahead in the select, then the button.
    second = names[1] if "caseload" in names[0].lower() else names[0]
    other = panel.locator(
        ".theme-box", has=facilitator.locator(".theme-box__title", has_text=second)
    )
    people_before = int(re.search(r"\d+", other.locator(".theme-box__count").inner_text()).group())  # type: ignore[union-attr]
    other.locator(".theme-box__edit summary").focus()
    facilitator.keyboard.press("Enter")
    merge = other.locator("select[name=into]")
    merge.focus()
    facilitator.keyboard.type("No time")
    expect(merge.locator("option:checked")).to_have_text("No time to build trust")
    facilitator.keyboard.press("Tab")
    merge_button = other.get_by_role("button", name="Merge")
    # A live update can redraw the panel under load; the key press goes to the button then.
    merge_button.focus()
    expect(merge_button).to_be_focused()
    facilitator.keyboard.press("Enter")
    expect(panel.locator(".theme-box__title", has_text=second)).to_have_count(0)
    merged = panel.locator(
        ".theme-box",
        has=facilitator.locator(".theme-box__title", has_text="No time to build trust"),
    )
    merged_people = int(re.search(r"\d+", merged.locator(".theme-box__count").inner_text()).group())  # type: ignore[union-attr]
    assert merged_people >= max(people_before, 3)
    expect(
        projector.locator(".room-theme__name", has_text="No time to build trust")
    ).to_be_visible()
    expect(projector.locator(".room-theme__count").first).to_be_visible()
    screenshot(projector, "themes-projector-1080p")
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=str(PROJECT_ROOT / "tests" / "screenshots" / "themes-console-panel.png"))
    screenshot(facilitator, "themes-console")
    merged.locator(".theme-box__list summary").click()
    merged.locator(".theme-box__edit summary").click()
    merged.screenshot(path=str(PROJECT_ROOT / "tests" / "screenshots" / "themes-console-open.png"))

    violations = [v for v in axe_violations(facilitator)]
    assert not [v for v in violations if "theme" in json.dumps(v["nodes"])], format_violations(
        violations
    )
    assert axe_violations(projector) == [], format_violations(axe_violations(projector))

    # The export shows the same themes with the same counts and the quote.
    markdown = facilitator.request.get(f"{console}/export.md").text()
    assert f"| No time to build trust | {merged_people} |" in markdown
    assert "caseloads nobody" in markdown
    assert second not in markdown.split("## Themes")[1].split("## Key phrases")[0]

    # Drag and drop: a reflection dragged onto another theme moves there (the same form).
    facilitator.reload()
    merged = panel.locator(
        "li.theme-box",
        has=facilitator.locator(".theme-box__title", has_text="No time to build trust"),
    )
    source = panel.locator("li.theme-box").nth(1)
    source.locator(".theme-box__list summary").click()
    dragged = source.locator(".theme-member").first
    text = dragged.locator(".theme-member__text").inner_text().strip()
    merged.scroll_into_view_if_needed()
    start, end = dragged.bounding_box(), merged.bounding_box()
    assert start is not None and end is not None
    facilitator.mouse.move(start["x"] + 30, start["y"] + 10)
    facilitator.mouse.down()
    facilitator.mouse.move(start["x"] + 40, start["y"] + 20, steps=3)
    facilitator.mouse.move(end["x"] + end["width"] / 2, end["y"] + 20, steps=8)
    facilitator.mouse.up()
    expect(merged.locator(".theme-member__text", has_text=text[:30])).to_have_count(1)
    assert offsite.urls == []
