"""Evidence of change (#15) in real browsers: a facilitator, a projector and three phones.

The before-and-after check (two people's answers never shown), the vote on actions, the
"Actions we agreed" section in every export format, and the take-away that stays in a
phone's journal after the server purged the session. English on SQLite, Welsh on
PostgreSQL; axe-core finds no violations on any new screen.
"""

from __future__ import annotations

import io
import json
import re

from docx import Document
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from sqlmodel import Session

from app import store
from app.retention import purge_session
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
STATEMENTS = ("signs-of-harm", "words-we-use")
WORDS = {
    "en": {"actions": "Actions we agreed", "not_enough": "Not enough votes to show."},
    "cy": {
        "actions": "Camau a gytunwyd gennym",
        "not_enough": "Dim digon o bleidleisiau i'w dangos.",
    },
}
CHANGES = (
    ("team", "Plan every placement move together"),
    ("me", "Ask the young person before deciding"),
    ("organisation", "Count stability in our audits"),
)


def no_violations(page: Page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {format_violations(violations)}"


def create(page: Page, base: str, lang: str) -> tuple[str, str]:
    page.goto(f"{base}/facilitate/new?lang={lang}")
    page.fill("#title", "Evidence huddle")
    page.select_option("#session_lang", lang)
    page.check("input[name=cards][value='1']")
    page.check("input[name=cards][value='3']")
    for statement in STATEMENTS:
        page.check(f"input[name=check][value='{statement}']")
    page.fill("#k", "3")
    page.locator("#check").scroll_into_view_if_needed()
    screenshot(page, f"evidence-new-session-{lang}")
    no_violations(page, f"new session form ({lang})")
    page.locator("form[action='/facilitate/new'] button[type=submit]").click()
    console = page.locator("#console-link").input_value()
    code = re.search(r"/f/([A-Z0-9]{6})/", console).group(1)  # type: ignore[union-attr]
    page.goto(console + f"?lang={lang}")
    expect(page.locator("#console-evidence")).to_be_visible()
    return code, console


def evidence_button(page: Page, action: str) -> None:
    page.locator(f"#console-evidence form:has(input[name=action][value={action}]) button").click()


def answer(device: Page, scores: tuple[int, int]) -> None:
    form = device.locator("form#check")
    expect(form).to_be_visible()
    for statement, score in zip(STATEMENTS, scores, strict=True):
        form.locator(f"label:has(input[name='score-{statement}'][value='{score}'])").click()
    form.locator("button[type=submit]").click()
    expect(device.locator("form#check")).to_have_count(0)
    expect(device.locator(".evidence-panel > [role=status]")).to_be_visible()


def journey(server: LiveServer, browser: Browser, offsite: OffsiteRequests, lang: str) -> None:
    base, words, tag = server.url, WORDS[lang], f"-{lang}"
    facilitator = new_context(browser, DESKTOP, offsite).new_page()
    code, _console = create(facilitator, base, lang)
    projector = new_context(browser, PROJECTOR, offsite).new_page()
    projector.goto(f"{base}/s/{code}/screen?lang={lang}")
    expect(projector.locator(".lobby__code")).to_have_text(code)

    phones: list[Page] = []
    for _ in range(3):
        device = new_context(browser, PHONE, offsite, is_mobile=True, has_touch=True).new_page()
        device.goto(f"{base}/j/{code}?lang={lang}")
        device.locator(f"form[action='/j/{code}'] button[type=submit]").click()
        expect(device.locator("form#check")).to_be_visible()  # the check comes first
        phones.append(device)
    phones[0].locator("label:has(input[name='score-signs-of-harm'][value='2'])").click()
    screenshot(phones[0], f"evidence-phone-check{tag}")
    no_violations(phones[0], f"phone check ({lang})")

    # Two answers: nothing is shown anywhere, even when asked for on the projector.
    answer(phones[0], (2, 2))
    answer(phones[1], (2, 2))
    evidence_button(facilitator, "show-check")
    expect(projector.locator(".screen-evidence")).to_be_visible()
    expect(projector.locator(".screen-evidence__wait").first).to_be_visible()
    expect(projector.locator(".screen-confidence svg")).to_have_count(0)
    expect(facilitator.locator("#console-evidence .confidence svg")).to_have_count(0)
    expect(facilitator.locator("#console-evidence .meta").nth(1)).to_contain_text("2")

    # The third answer passes the threshold: bands appear before the after check.
    answer(phones[2], (1, 2))
    expect(projector.locator(".screen-confidence svg")).to_have_count(2)
    expect(facilitator.locator("#console-evidence .confidence svg")).to_have_count(2)
    evidence_button(facilitator, "show-none")
    expect(projector.locator(".screen-evidence")).to_have_count(0)

    # A card, three "What could change?" reflections, revealed; then the vote.
    facilitator.locator("#console-state form:has(input[name=action][value=next]) button").click()
    for device, (level, text) in zip(phones, CHANGES, strict=True):
        expect(device.locator(".phone-card .card-title")).to_be_visible()
        device.locator("input[name=kind][value=change]").check()
        device.select_option("#level", level)
        device.fill("#text", text)
        device.locator("#reflection-form button[type=submit]").click()
        expect(device.locator(".mine")).to_contain_text(text)
    expect(facilitator.locator("#console-reflections .reflection")).to_have_count(3)
    facilitator.locator(
        "#console-reflections form:has(input[name=op][value=reveal]) button"
    ).first.click()
    expect(facilitator.locator("#console-reflections .pill--ok")).to_have_count(3)
    evidence_button(facilitator, "vote-open")
    expect(projector.locator(".screen-evidence__wait")).to_be_visible()
    picks = ((0, 1), (0,), (0, 2))
    for device, chosen in zip(phones, picks, strict=True):
        options = device.locator("form#vote input[name=action]")
        expect(options).to_have_count(3)
        for index in chosen:
            device.locator("form#vote label.vote-option").nth(index).click()
        if device is phones[0]:
            screenshot(device, f"evidence-phone-vote{tag}")
            no_violations(device, f"phone vote ({lang})")
        device.locator("form#vote button[type=submit]").click()
        expect(device.locator("form#vote")).to_have_count(0)
        if device is phones[1]:  # two voters: still nothing on the screen
            expect(projector.locator(".screen-actions")).to_have_count(0)
    expect(projector.locator(".screen-actions__level")).to_have_count(3)
    expect(projector.locator(".screen-actions")).to_contain_text(CHANGES[0][1])
    screenshot(projector, f"evidence-projector-actions{tag}")
    no_violations(projector, f"projector actions ({lang})")
    evidence_button(facilitator, "vote-close")

    # The after check, then before and after side by side.
    evidence_button(facilitator, "check-after")
    for device, scores in zip(phones, ((4, 4), (5, 4), (4, 5)), strict=True):
        answer(device, scores)
    evidence_button(facilitator, "show-check")
    expect(projector.locator(".screen-confidence svg")).to_have_count(2)
    expect(projector.locator(".screen-confidence svg").first).to_contain_text("3")
    screenshot(projector, f"evidence-projector-check{tag}")
    no_violations(projector, f"projector check ({lang})")
    facilitator.locator("#console-evidence .confidence").first.scroll_into_view_if_needed()
    screenshot(facilitator, f"evidence-console{tag}")
    no_violations(facilitator, f"console ({lang})")

    # Every export format has "Actions we agreed" (and the check where it applies).
    exports = {
        fmt: facilitator.request.get(f"{base}/f/{code}/export.{fmt}").body()
        for fmt in ("md", "html", "csv", "themes.csv", "json", "docx", "pdf")
    }
    for fmt in ("md", "html", "csv", "themes.csv"):
        text = exports[fmt].decode("utf-8-sig")
        assert words["actions"] in text, fmt
        assert CHANGES[0][1] in text, fmt
    data = json.loads(exports["json"])
    assert data["actions_agreed"]["voters"] == 3
    assert [item["before"]["enough"] for item in data["confidence"]] == [True, True]
    assert data["confidence"][0]["after"]["bands"][0]["key"] == "agree"
    paragraphs = [p.text for p in Document(io.BytesIO(exports["docx"])).paragraphs]
    assert words["actions"] in paragraphs
    pdf_text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(exports["pdf"])).pages)
    assert words["actions"] in " ".join(pdf_text.split())

    # The end: each phone may keep its reflections; the CPD record prints from the phone.
    facilitator.locator("#console-state form:has(input[name=action][value=end]) button").click()
    keeper = phones[0]
    expect(keeper.locator(".session-ended")).to_be_visible()
    keep = keeper.locator("[data-takeaway=ended] [data-keep-reflections]")
    expect(keep).to_be_visible()
    keep.click()
    expect(keeper.locator("[data-keep-status]")).to_have_text(re.compile("."))
    expect(keeper.locator("[data-keep-journal]")).to_be_visible()  # saved, not refused
    keeper.locator("[data-takeaway]").scroll_into_view_if_needed()
    screenshot(keeper, f"evidence-phone-takeaway{tag}")
    no_violations(keeper, f"phone take-away ({lang})")
    keeper.goto(f"{base}/s/{code}/record?lang={lang}")
    expect(keeper.locator(".cpd-record")).to_contain_text(CHANGES[0][1])
    expect(keeper.locator(".cpd-record")).not_to_contain_text(CHANGES[1][1])
    screenshot(keeper, f"evidence-phone-cpd-record{tag}")
    no_violations(keeper, f"CPD record ({lang})")

    # The server purges the session; only the phone still has the reflections.
    app = server.server.config.app
    with Session(app.state.engine, expire_on_commit=False) as db:
        live = store.session_by_code(db, code=code)
        assert live is not None
        purge_session(db, live=live, deck=app.state.deck)
    gone = keeper.request.get(f"{base}/s/{code}/record", max_redirects=0)
    assert gone.status == 303
    keeper.goto(f"{base}/solo/journal?lang={lang}")
    expect(keeper.locator(".journal-entry")).to_have_count(1)
    expect(keeper.locator(".journal-entry")).to_contain_text(CHANGES[0][1])
    screenshot(keeper, f"evidence-phone-journal{tag}")
    after_purge = facilitator.request.get(f"{base}/f/{code}/export.md").text()
    assert CHANGES[0][1] not in after_purge


def test_evidence_of_change_in_english_on_sqlite(
    live_server: LiveServer, browser: Browser, offsite: OffsiteRequests
) -> None:
    journey(live_server, browser, offsite, "en")
    assert offsite.urls == []


def test_evidence_of_change_in_welsh_on_postgresql(
    postgres_live_server: LiveServer, browser: Browser, offsite: OffsiteRequests
) -> None:
    journey(postgres_live_server, browser, offsite, "cy")
    assert offsite.urls == []
