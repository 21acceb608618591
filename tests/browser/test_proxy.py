"""Phones behind nginx (docs/nginx.conf): live through the documented config, and by
polling behind a strict proxy that holds the event stream back."""

from __future__ import annotations

from pathlib import Path

import httpx
from playwright.sync_api import Browser, expect

from tests.browser.conftest import PHONE, LiveServer, new_context, screenshot
from tests.browser.test_live_session import join_phone
from tests.servers import nginx

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
