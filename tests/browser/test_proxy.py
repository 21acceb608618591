"""Phones behind nginx (docs/nginx.conf): live through the documented config, and by
polling behind a strict proxy that holds the event stream back."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, LiveServer, new_context, screenshot
from tests.browser.test_live_session import join_phone
from tests.servers import nginx

DESKTOP_WIDE = {"width": 1920, "height": 1080}
TITLES = ["Placement moves", "Look past the behaviour", "One trusted adult"]


def _session(base: str) -> tuple[str, dict[str, str]]:
    created = httpx.post(
        f"{base}/api/v1/sessions", json={"title": "Behind a proxy", "cards": [1, 3, 6]}
    ).json()
    return created["code"], {"Authorization": f"Bearer {created['facilitator_token']}"}


def _deal(base: str, code: str, auth: dict[str, str]) -> None:
    response = httpx.post(
        f"{base}/api/v1/sessions/{code}/actions", json={"action": "next"}, headers=auth
    )
    assert response.status_code == 200, response.text


def test_behind_a_buffering_proxy_the_phone_polls_and_shows_every_card(
    live_server: LiveServer, browser: Browser, tmp_path: Path
) -> None:
    with nginx(tmp_path, [live_server.port], buffered=True) as proxy:
        code, auth = _session(proxy.url)
        context = new_context(browser, PHONE, is_mobile=True, has_touch=True)
        try:
            device = context.new_page()
            join_phone(device, proxy.url, code, by_qr=True, role="other")
            # No ping gets through, so the page gives up on the stream and polls.
            expect(device.locator("[data-connection]")).not_to_be_empty(timeout=15000)
            for title in TITLES:
                _deal(proxy.url, code, auth)
                expect(device.locator(".card-title")).to_have_text(title, timeout=15000)
            screenshot(device, "proxy-buffered-phone-polling")
        finally:
            context.close()


def test_through_nginx_the_phone_is_live(
    live_server: LiveServer, browser: Browser, tmp_path: Path
) -> None:
    with nginx(tmp_path, [live_server.port]) as proxy:
        code, auth = _session(proxy.url)
        context = new_context(browser, PHONE, is_mobile=True, has_touch=True)
        try:
            device = context.new_page()
            join_phone(device, proxy.url, code, by_qr=True, role="other")
            for title in TITLES:
                _deal(proxy.url, code, auth)
                expect(device.locator(".card-title")).to_have_text(title, timeout=5000)
            expect(device.locator("[data-connection]")).to_be_empty()
        finally:
            context.close()


def test_console_shows_reconnecting_while_live_events_are_lost(
    live_server: LiveServer, browser: Browser
) -> None:
    """The broker tells the console when it loses PostgreSQL (here: the in-process broker is
    told directly, as PostgresBroker does on a lost LISTEN connection)."""
    from app.live.broker import RECONNECTING, RESYNC

    broker = live_server.server.config.app.state.broker
    loop = live_server.server.servers[0].get_loop()
    for size, name in ((DESKTOP_WIDE, "projector"), (PHONE, "phone")):
        created = httpx.post(
            f"{live_server.url}/api/v1/sessions", json={"title": "Team huddle", "cards": [1, 3]}
        ).json()
        context = new_context(browser, size)
        try:
            console = context.new_page()
            console.goto(created["console_url"].replace("http://testserver", live_server.url))
            expect(console.locator(".console__title")).to_have_text("Team huddle")
            deadline = time.monotonic() + 15
            while not broker.subscriber_count(created["code"]):  # the console's stream
                assert time.monotonic() < deadline, "the console never opened its stream"
                time.sleep(0.05)
            loop.call_soon_threadsafe(broker.tell_all, RECONNECTING)
            line = console.locator(".live-connection")
            expect(line).to_have_text("Reconnecting to live updates…")
            screenshot(console, f"console-reconnecting-{name}")
            loop.call_soon_threadsafe(
                broker.tell_all, RESYNC, broker.latest_id(created["code"]) + 1
            )
            expect(line).to_have_count(0)
        finally:
            context.close()
