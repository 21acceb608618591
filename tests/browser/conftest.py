"""Browser tests: a real server on a free port and a real Chromium driven by Playwright.

Chromium is found by itself: Debian's ``/usr/bin/chromium`` when present (CI installs it),
otherwise Playwright's own download (``playwright install chromium``) on a developer's
machine.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright

from app.config import PROJECT_ROOT, Settings
from app.main import create_app

pytestmark = pytest.mark.browser

SCREENSHOTS = PROJECT_ROOT / "tests" / "screenshots"
AXE = PROJECT_ROOT / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
PROJECTOR = {"width": 1920, "height": 1080}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def chromium_executable() -> str | None:
    """Debian's Chromium if installed; ``None`` lets Playwright use its own download."""
    configured = os.environ.get("CYT_CHROMIUM")
    if configured:
        return configured
    for name in ("chromium", "chromium-browser"):
        found = shutil.which(name)
        if found:
            return found
    return None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, settings: Settings) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(
            create_app(settings), host="127.0.0.1", port=self.port, log_level="warning"
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> None:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the test server did not start")
            time.sleep(0.05)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("browser-var"), secret_key="browser-test-secret"
    )
    server = LiveServer(settings)
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    browser = playwright_instance.chromium.launch(
        executable_path=chromium_executable(), args=CHROMIUM_ARGS, headless=True
    )
    yield browser
    browser.close()


class OffsiteRequests:
    """Records every request that leaves 127.0.0.1, so a test can assert there were none."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def watch(self, context: BrowserContext) -> None:
        def on_request(request: Any) -> None:
            url = request.url
            if not url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
                self.urls.append(url)

        context.on("request", on_request)


def new_context(
    browser: Browser, viewport: dict[str, int], offsite: OffsiteRequests | None = None, **kw: Any
) -> BrowserContext:
    # Service workers are opt-in (service_workers="allow"): only the offline tests need
    # one, and its first install fetches every page of the site in the background.
    kw.setdefault("service_workers", "block")
    context = browser.new_context(viewport=viewport, **kw)  # type: ignore[arg-type]
    if offsite is not None:
        offsite.watch(context)
    return context


@pytest.fixture
def offsite() -> OffsiteRequests:
    return OffsiteRequests()


@pytest.fixture
def phone(browser: Browser, offsite: OffsiteRequests) -> Iterator[Page]:
    context = new_context(browser, PHONE, offsite, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


@pytest.fixture
def projector(browser: Browser, offsite: OffsiteRequests) -> Iterator[Page]:
    context = new_context(browser, PROJECTOR, offsite)
    yield context.new_page()
    context.close()


def screenshot(page: Page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.0/2.1/2.2 A and AA) in the page; return its violations."""
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `make install` (npm install) first")
    # Evaluated through the DevTools protocol, so the page's strict CSP does not block it.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;window.axe = axe;")
    result = page.evaluate(
        """async () => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values:
                ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa']}});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
        }"""
    )
    return list(result)


def format_violations(violations: list[dict[str, Any]]) -> str:
    return json.dumps(violations, indent=2)


@pytest.fixture(scope="session")
def postgres_live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The same server on PostgreSQL (a fresh schema), for end-to-end runs on both databases."""
    import uuid

    import psycopg

    from tests.conftest import POSTGRES_URL, postgres_available

    if not postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is required in CI but not reachable at {POSTGRES_URL}")
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    schema = f"b_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    settings = Settings(
        data_dir=tmp_path_factory.mktemp("browser-pg"),
        secret_key="browser-test-secret",
        database_url=f"{POSTGRES_URL}?options=-csearch_path%3D{schema}",
    )
    server = LiveServer(settings)
    server.start()
    yield server
    server.stop()
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")
