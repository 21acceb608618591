"""`cyt serve` as a user runs it: health, anonymous access log, graceful shutdown, refusal."""

from __future__ import annotations

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
from tests.conftest import FIXTURES


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
