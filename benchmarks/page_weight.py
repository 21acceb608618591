"""Bytes transferred for a first visit to key pages on a phone (cold cache), as JSON.

Starts the app on a free port with a temporary SQLite database and loads each page in
headless Chromium, adding up the encoded size of every response.
"""

from __future__ import annotations

import json
import shutil
import socket
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright

from app.config import Settings
from app.main import create_app

PAGES = ["/", "/cards", "/cards/placement-moves", "/cards/placement-moves/present", "/solo"]
ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings = Settings(data_dir=Path(tempfile.mkdtemp()), secret_key="bench")
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    results: dict[str, dict[str, int]] = {}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or None, args=ARGS
        )
        for path in PAGES:
            context = browser.new_context(viewport={"width": 390, "height": 844})
            page = context.new_page()
            sizes: list[int] = []
            page.on(
                "requestfinished",
                lambda request, sizes=sizes: sizes.append(request.sizes()["responseBodySize"]),
            )
            page.goto(f"http://127.0.0.1:{port}{path}", wait_until="networkidle")
            results[path] = {"requests": len(sizes), "bytes": sum(sizes)}
            context.close()
        browser.close()
    server.should_exit = True
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
