"""`cyt serve` as a user runs it: health, anonymous access log, graceful shutdown, refusal."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from app.config import PROJECT_ROOT
from tests.conftest import FIXTURES, run_async


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start(tmp_path: Path, **env: str) -> tuple[subprocess.Popen[str], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=PROJECT_ROOT,
        env={**os.environ, "CYT_DATA_DIR": str(tmp_path), **env},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return process, f"http://127.0.0.1:{port}"


def wait_ready(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(process.stdout.read() if process.stdout else "exited")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise AssertionError("server did not become ready")


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    process, url = start(tmp_path)
    wait_ready(url, process)
    yield process, url
    if process.poll() is None:
        process.kill()
        process.wait()


def test_serve_answers_health_and_logs_no_address_or_query(
    server: tuple[subprocess.Popen[str], str],
) -> None:
    process, url = server
    assert httpx.get(f"{url}/healthz").json()["status"] == "ok"
    httpx.get(f"{url}/cards?q=secret-search-words")
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=15)
    assert "GET /cards 200" in output
    assert "127.0.0.1:" not in output.replace(url, "")
    assert "secret-search-words" not in output


def test_stop_signal_ends_open_streams_promptly(server: tuple[subprocess.Popen[str], str]) -> None:
    process, url = server
    created = httpx.post(f"{url}/api/v1/sessions", json={"title": "Shutdown", "cards": [1]}).json()
    with httpx.stream("GET", f"{url}/s/{created['code']}/events?view=phone", timeout=10) as stream:
        lines = stream.iter_lines()
        assert next(lines).startswith("retry:")
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        for _line in lines:
            pass  # the server closes the stream
    process.wait(timeout=15)
    assert time.monotonic() - started < 5
    # uvicorn re-raises the signal once shut down, as a process stopped by SIGTERM should.
    assert process.returncode in (0, -signal.SIGTERM)


def test_serve_refuses_invalid_content_with_the_checker_messages(tmp_path: Path) -> None:
    case = FIXTURES / "content" / "missing-field"
    process, _url = start(
        tmp_path,
        CYT_CARDS_DIR=str(case / "cards"),
        CYT_SESSIONS_DIR=str(case / "sessions"),
        CYT_STATIC_DIR=str(FIXTURES / "static"),
    )
    output, _ = process.communicate(timeout=30)
    assert process.returncode == 1
    assert "01-tiny.cy.md:1: missing field 'title'" in output
    assert "will not start" in output


def test_several_workers_need_the_postgres_broker(tmp_path: Path) -> None:
    port = free_port()
    result = subprocess.run(
        [sys.executable, "-m", "app.cli", "serve", "--port", str(port), "--workers", "2"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "CYT_DATA_DIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    assert "CYT_BROKER=postgres" in result.stderr


def test_many_open_streams_do_not_starve_the_server(
    server: tuple[subprocess.Popen[str], str],
) -> None:
    """Regression: each stream once held a database connection, so a room of more than
    15 phones stopped every request. Forty phones stay connected while the facilitator
    deals and people post."""
    _process, url = server
    created = httpx.post(f"{url}/api/v1/sessions", json={"title": "Busy room", "cards": [1, 3]})
    code, token = created.json()["code"], created.json()["facilitator_token"]
    auth = {"Authorization": f"Bearer {token}"}

    async def room() -> tuple[int, list[int]]:
        async with httpx.AsyncClient(base_url=url, timeout=20) as client:
            ready: asyncio.Queue[None] = asyncio.Queue()
            got_card = 0

            async def phone() -> None:
                nonlocal got_card
                async with client.stream("GET", f"/s/{code}/events?view=phone") as stream:
                    async for line in stream.aiter_lines():
                        if line.startswith("event: card"):
                            await ready.put(None)
                        if "Placement moves" in line:
                            got_card += 1
                            return

            phones = [asyncio.create_task(phone()) for _ in range(40)]
            for _ in phones:
                await asyncio.wait_for(ready.get(), timeout=20)
            dealt = await client.post(
                f"/api/v1/sessions/{code}/actions", json={"action": "next"}, headers=auth
            )
            joined = await client.post(f"/api/v1/sessions/{code}/join", json={})
            posts = [
                await client.post(
                    f"/api/v1/sessions/{code}/reflections",
                    json={"text": f"thought {n}"},
                    headers={"X-Device-Token": joined.json()["device_token"]},
                )
                for n in range(5)
            ]
            await asyncio.wait_for(asyncio.gather(*phones), timeout=20)
            return got_card, [dealt.status_code, joined.status_code] + [
                p.status_code for p in posts
            ]

    got_card, statuses = run_async(room())
    assert got_card == 40
    assert statuses == [200, 201] + [201] * 5
