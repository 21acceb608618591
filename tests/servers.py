"""Real processes for multi-server tests: `cyt serve` on a PostgreSQL schema, nginx in
front with the documented config, and a phone that reads Server-Sent Events the way a
browser's EventSource does (reconnecting with ``Last-Event-ID``)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from app.config import PROJECT_ROOT
from tests.conftest import POSTGRES_URL

NGINX_CONF = PROJECT_ROOT / "docs" / "nginx.conf"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def postgres_schema() -> Iterator[str]:
    """A fresh schema on the shared test PostgreSQL; dropped afterwards (ours only)."""
    import psycopg

    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


class Server:
    """One `cyt serve` process (its own process group, so it can be stopped whole)."""

    def __init__(self, tmp: Path, database_url: str, name: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = tmp / f"{name}.log"
        data = tmp / name
        data.mkdir(exist_ok=True)
        command = [sys.executable, "-m", "app.cli", "serve", "--host", "127.0.0.1"]
        with self.log.open("wb") as out:
            self.process = subprocess.Popen(
                [*command, "--port", str(self.port)],
                cwd=PROJECT_ROOT,
                env={
                    **os.environ,
                    "CYT_DATA_DIR": str(data),
                    "CYT_DATABASE_URL": database_url,
                    "CYT_BROKER": "postgres",
                    # Several machines share one key (docs/deploy.md), or forms served by
                    # one are refused by the next.
                    "CYT_SECRET_KEY": "multi-server-test-secret-key",
                },
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_ready(self, timeout: float = 40) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.log.read_text(errors="replace"))
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(f"{self.url}/healthz", timeout=1).status_code == 200:
                    return self
            time.sleep(0.1)
        raise AssertionError(f"server not ready:\n{self.log.read_text(errors='replace')}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            self.process.wait(15)

    def listener_backend(self, dsn: str) -> int:
        """The PostgreSQL backend pid of this server's LISTEN connection."""
        import psycopg

        with psycopg.connect(dsn, autocommit=True) as conn:
            row = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = %s",
                (f"cyt-listen-{self.process.pid}",),
            ).fetchone()
        assert row, "no listener connection for this server"
        return int(row[0])


@contextmanager
def servers(tmp: Path, database_url: str, count: int) -> Iterator[list[Server]]:
    started: list[Server] = []
    try:
        for index in range(count):
            # One at a time: each migrates the schema before it serves.
            started.append(Server(tmp, database_url, f"server{index}").wait_ready())
        yield started
    finally:
        for server in started:
            server.kill(signal.SIGTERM if server.process.poll() is None else signal.SIGKILL)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None
    )


def nginx_site(upstreams: list[int], port: int, *, buffered: bool = False) -> str:
    """docs/nginx.conf with only its marked lines replaced (and, for ``buffered``, the
    live-update location made to behave like a strict proxy that holds responses back:
    buffering on whatever the app asks, and compressing, which waits for full blocks)."""
    text = NGINX_CONF.read_text()
    servers_block = "".join(
        f"    server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;\n" for p in upstreams
    )
    text, replaced = re.subn(r"(?m)^    server 10\.0\.0\.\d+:8000[^\n]*\n", "", text)
    assert replaced == 2, "docs/nginx.conf changed: update the test's template"
    text = text.replace("    keepalive 32;\n", servers_block + "    keepalive 32;\n")
    text = text.replace("    listen 80;", f"    listen 127.0.0.1:{port};")
    if buffered:
        strict = (
            "proxy_buffering on;\n        proxy_ignore_headers X-Accel-Buffering;\n"
            "        gzip on;\n        gzip_types text/event-stream;"
        )
        text = text.replace("proxy_buffering off;", strict)
        assert "proxy_ignore_headers" in text
    return text


class Nginx:
    def __init__(self, tmp: Path, upstreams: list[int], *, buffered: bool = False) -> None:
        binary = nginx_binary()
        if binary is None:
            if os.environ.get("CI"):
                pytest.fail("nginx is required in CI (.ci/run installs it)")
            pytest.skip("nginx is not installed (apt-get install nginx)")
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        root = tmp / f"nginx-{self.port}"
        for sub in ("logs", "temp"):
            (root / sub).mkdir(parents=True, exist_ok=True)
        (root / "cyt.conf").write_text(nginx_site(upstreams, self.port, buffered=buffered))
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp = root / "temp"
        (root / "nginx.conf").write_text(
            f"{user}worker_processes 1;\ndaemon off;\npid {root}/nginx.pid;\n"
            f"error_log {root}/logs/error.log warn;\n"
            "events { worker_connections 1024; }\n"
            "http {\n"
            f"  client_body_temp_path {temp}/body;\n  proxy_temp_path {temp}/proxy;\n"
            f"  fastcgi_temp_path {temp}/fastcgi;\n  uwsgi_temp_path {temp}/uwsgi;\n"
            f"  scgi_temp_path {temp}/scgi;\n"
            f"  include {root}/cyt.conf;\n"
            "}\n"
        )
        self.root = root
        self.process = subprocess.Popen(
            [binary, "-p", str(root), "-c", str(root / "nginx.conf")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(self.process.stderr.read() if self.process.stderr else "")
            with socket.socket() as sock, contextlib.suppress(OSError):
                sock.connect(("127.0.0.1", self.port))
                return
            time.sleep(0.05)
        raise AssertionError("nginx did not start")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)


@contextmanager
def nginx(tmp: Path, upstreams: list[int], *, buffered: bool = False) -> Iterator[Nginx]:
    proxy = Nginx(tmp, upstreams, buffered=buffered)
    try:
        yield proxy
    finally:
        proxy.stop()


class Phone:
    """An EventSource in miniature: reads events, reconnects with Last-Event-ID."""

    def __init__(self, client: httpx.AsyncClient, path: str) -> None:
        self.client = client
        self.path = path
        self.last_id: str | None = None
        self.events: list[tuple[str, str]] = []  # (event name, data)
        self.connections = 0
        self.changed = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    def start(self) -> Phone:
        self.task = asyncio.create_task(self._run())
        return self

    async def _run(self) -> None:
        while True:
            headers = {"Accept": "text/event-stream"}
            if self.last_id is not None:
                headers["Last-Event-ID"] = self.last_id
            try:
                async with self.client.stream("GET", self.path, headers=headers) as stream:
                    if stream.status_code == 200:
                        self.connections += 1
                        await self._read(stream)
            except httpx.HTTPError:
                pass
            await asyncio.sleep(0.3)  # the browser waits `retry:` ms; tests need less

    async def _read(self, stream: httpx.Response) -> None:
        name, data = "message", []
        async for line in stream.aiter_lines():
            if line == "":
                if data or name != "message":
                    self.events.append((name, "\n".join(data)))
                    self.changed.set()
                name, data = "message", []
            elif line.startswith("id: "):
                self.last_id = line[4:]
            elif line.startswith("event: "):
                name = line[7:]
            elif line.startswith("data: "):
                data.append(line[6:])

    async def wait_for(self, text: str, timeout: float = 20) -> None:
        async with asyncio.timeout(timeout):
            while not any(text in data for _name, data in self.events):
                self.changed.clear()
                await self.changed.wait()

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self.task
