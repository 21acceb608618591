"""Live fan-out under load: deal-to-phone latency, submit latency and server memory.

Starts the real server (``cyt serve``, SQLite in a temporary directory), creates a session
through the API, joins N devices and opens N phone streams (``/s/{code}/events?view=phone``)
from a separate load-generator process: one asyncio loop speaking raw HTTP/1.1 over
``asyncio.open_connection``, far lighter than N HTTP client objects. Then:

* deals D cards and times, for every client, the gap from just before the deal's POST to
  the moment that client has read the ``card`` event carrying the dealt card's title;
* has M devices post a reflection at the same instant (M concurrent requests, a few rounds)
  while the N streams stay open, and times each request;
* reads the server's resident memory (``VmRSS``; ``VmHWM`` for the peak) when idle, with the
  N clients connected, and at the end;
* runs the same broadcast through a bare Starlette SSE app (asyncio queues, one small
  event) with the same client, as the ceiling for this machine.

The orchestrator (this process) and the load generator are separate processes, and each
is separate from the server; they share ``time.monotonic()`` (``CLOCK_MONOTONIC`` is one
clock for the whole machine on Linux), so a timestamp taken here before the POST and one
taken there when the event is read are comparable. Only 127.0.0.1 is used; every wait is
bounded and every subprocess is stopped on the way out. Prints one JSON object on stdout
(progress goes to stderr); ``met`` says whether each target held, and a target only counts
as met when every client connected and every request succeeded. Failed or timed-out
submissions count at the time they took to fail.

``--py-spy FILE`` profiles the server while it deals and takes submissions.

    .venv/bin/python benchmarks/live_fanout.py                 # 1,000 phones, 10 deals
    .venv/bin/python benchmarks/live_fanout.py --clients 200   # a quick check
    .venv/bin/python benchmarks/live_fanout.py --submitters 20 # a smaller burst of posts
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
TARGETS = {"deal_p95_ms": 250, "submit_p95_ms": 100, "rss_mb": 150}
STREAM_LIMIT = 1 << 20  # asyncio stream buffer: larger than any SSE chunk the app sends

REFLECTION = (
    "Reflection {n}: when Sam's placement wobbled on 3 March we reached for a move too "
    "quickly, and the one adult who knew the whole story was lost. Next time we should ask "
    "what the move will cost the young person before we agree to it."
)

BARE_APP = '''\
"""A bare Starlette SSE app: the ceiling for broadcasting one event to N streams."""

import asyncio
import contextlib

from starlette.applications import Starlette
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

SUBSCRIBERS: set[asyncio.Queue[str]] = set()
LAST_ID = 0


async def healthz(request):
    return JSONResponse({"status": "ok", "subscribers": len(SUBSCRIBERS)})


async def events(request):
    queue: asyncio.Queue[str] = asyncio.Queue(maxsize=256)
    SUBSCRIBERS.add(queue)

    async def stream():
        try:
            yield "retry: 3000\\n\\n"
            yield f"id: {LAST_ID}\\nevent: card\\ndata: <p>waiting</p>\\n\\n"
            while True:
                yield await queue.get()
        finally:
            SUBSCRIBERS.discard(queue)

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"}
    )


async def broadcast(request):
    global LAST_ID
    text = (await request.body()).decode()
    LAST_ID += 1
    message = f"id: {LAST_ID}\\nevent: card\\ndata: <h2>{text}</h2>\\n\\n"
    for queue in list(SUBSCRIBERS):
        with contextlib.suppress(asyncio.QueueFull):
            queue.put_nowait(message)
    return JSONResponse({"id": LAST_ID, "subscribers": len(SUBSCRIBERS)})


async def reflect(request):
    body = await request.json()
    return JSONResponse({"id": 1, "text": body["text"]}, status_code=201)


app = Starlette(
    routes=[
        Route("/healthz", healthz),
        Route("/events", events),
        Route("/broadcast", broadcast, methods=["POST"]),
        Route("/reflect", reflect, methods=["POST"]),
    ]
)
'''


# Shared helpers ---------------------------------------------------------------------------


def raise_open_files_limit(wanted: int = 65_536) -> int:
    """Raise the soft RLIMIT_NOFILE as far as the hard limit allows; return the new soft."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft == resource.RLIM_INFINITY or soft >= target:
        return soft if soft != resource.RLIM_INFINITY else wanted
    resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
    return target


async def read_chunked(reader: asyncio.StreamReader) -> bytes:
    parts = []
    while True:
        size = int((await reader.readline()).split(b";", 1)[0], 16)
        data = await reader.readexactly(size + 2)
        if size == 0:
            return b"".join(parts)
        parts.append(data[:-2])


class HTTPConnection:
    """A minimal keep-alive HTTP/1.1 client for small JSON requests (no httpx overhead)."""

    def __init__(self, port: int, host: str = "127.0.0.1") -> None:
        self.host = host
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def open(self) -> HTTPConnection:
        self.reader, self.writer = await asyncio.open_connection(
            self.host, self.port, limit=STREAM_LIMIT
        )
        return self

    async def ensure_open(self) -> None:
        """Reconnect if the server closed the idle keep-alive connection (uvicorn: 5 s)."""
        if self.reader is None or self.reader.at_eof() or self.writer is None:
            self.close()
            await self.open()

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def send(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        raw_body: bytes = b"",
        headers: dict[str, str] | None = None,
    ) -> None:
        assert self.writer is not None
        body = json.dumps(json_body).encode() if json_body is not None else raw_body
        lines = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            f"Content-Length: {len(body)}",
        ]
        if json_body is not None:
            lines.append("Content-Type: application/json")
        lines.extend(f"{name}: {value}" for name, value in (headers or {}).items())
        self.writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    async def receive(self) -> tuple[int, bytes]:
        assert self.reader is not None
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length, chunked = 0, False
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            name = name.strip().lower()
            if name == b"content-length":
                length = int(value)
            elif name == b"transfer-encoding" and b"chunked" in value.lower():
                chunked = True
        body = await (read_chunked(self.reader) if chunked else self.reader.readexactly(length))
        return status, body

    async def request(
        self, method: str, path: str, *, timeout: float = 60.0, **kwargs: Any
    ) -> tuple[int, bytes]:
        await self.ensure_open()
        self.send(method, path, **kwargs)
        return await asyncio.wait_for(self.receive(), timeout)


def progress(message: str) -> None:
    """A line on stderr, so a long run shows where it is (stdout is the JSON alone)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def percentiles(values: Sequence[float]) -> dict[str, float | None]:
    """p50, p95 (nearest rank) and max, in the values' unit, rounded to 0.1."""
    if not values:
        return {"p50": None, "p95": None, "max": None}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]

    return {"p50": round(rank(50), 1), "p95": round(rank(95), 1), "max": round(ordered[-1], 1)}


# The load generator (its own process) -------------------------------------------------------


class Phones:
    """N streams in one asyncio loop; reports when each saw the armed marker in a card event."""

    def __init__(self, port: int, path: str, clients: int, event: bytes) -> None:
        self.port = port
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Accept: text/event-stream\r\nCache-Control: no-cache\r\n\r\n"
        ).encode()
        self.clients = clients
        self.event_line = b"event: " + event + b"\n"
        self.snapshotted: set[int] = set()
        self.failed = 0
        self.alive: set[int] = set()
        self.all_ready = asyncio.Event()
        self.errors: Counter[str] = Counter()
        self.marker: bytes | None = None
        self.received: dict[int, tuple[float, int]] = {}
        self.expected = 0
        self.all_received = asyncio.Event()
        self.event_bytes = 0

    def _message(self, index: int, message: bytes, now: float) -> None:
        if message.startswith(b":") or self.event_line not in message:
            return  # a keep-alive comment, the retry hint or another event
        if index not in self.snapshotted:
            self.snapshotted.add(index)
            self._check_ready()
            return
        if self.marker is None or index in self.received or self.marker not in message:
            return
        event_id = -1
        if message.startswith(b"id: "):
            event_id = int(message[4 : message.index(b"\n")])
        self.received[index] = (now, event_id)
        self.event_bytes = max(self.event_bytes, len(message) + 2)
        if len(self.received) >= self.expected:
            self.all_received.set()

    def _check_ready(self) -> None:
        if len(self.snapshotted) + self.failed >= self.clients:
            self.all_ready.set()

    async def stream(self, index: int, gate: asyncio.Semaphore) -> None:
        writer = None
        released = False
        try:
            async with contextlib.AsyncExitStack() as stack:
                await stack.enter_async_context(gate)
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", self.port, limit=STREAM_LIMIT
                )
                writer.write(self.request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                if status != 200:
                    self.errors[f"http_{status}"] += 1
                    return
                chunked = b"transfer-encoding: chunked" in head.lower()
                self.alive.add(index)
                buffer = b""
                while True:
                    if chunked:
                        line = await reader.readline()
                        if not line:
                            break
                        size = int(line.split(b";", 1)[0], 16)
                        if size == 0:
                            break
                        data = (await reader.readexactly(size + 2))[:-2]
                    else:
                        data = await reader.read(65_536)
                        if not data:
                            break
                    now = time.monotonic()
                    buffer += data
                    while (end := buffer.find(b"\n\n")) >= 0:
                        self._message(index, buffer[:end], now)
                        buffer = buffer[end + 2 :]
                    if not released and index in self.snapshotted:
                        released = True  # let the next connection start
                        await stack.aclose()
                self.errors["closed_by_server"] += 1
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.errors[type(exc).__name__] += 1
        finally:
            self.alive.discard(index)
            if index not in self.snapshotted:
                self.failed += 1
                self._check_ready()
            if writer is not None:
                writer.close()

    def arm(self, marker: str) -> None:
        self.marker = marker.encode()
        self.received = {}
        self.expected = len(self.alive & self.snapshotted)
        self.all_received = asyncio.Event()
        if self.expected == 0:
            self.all_received.set()

    async def collect(self, timeout: float) -> dict[str, Any]:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.all_received.wait(), timeout)
        received = self.received
        self.marker = None
        return {
            "type": "deliveries",
            "times": [when for when, _ in received.values()],
            "ids": sorted({event_id for _, event_id in received.values()}),
            "missed": self.expected - len(received),
            "expected": self.expected,
            "event_bytes": self.event_bytes,
        }


def _reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def phones_main(args: argparse.Namespace) -> None:
    raise_open_files_limit(args.clients + 1_000)
    loop = asyncio.get_running_loop()
    commands = asyncio.StreamReader(limit=STREAM_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    phones = Phones(args.port, args.path, args.clients, args.event.encode())
    gate = asyncio.Semaphore(args.connect_concurrency)
    started = time.monotonic()
    tasks = [asyncio.create_task(phones.stream(i, gate)) for i in range(args.clients)]
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(phones.all_ready.wait(), args.connect_timeout)
        for index, task in enumerate(tasks):
            if index not in phones.snapshotted:
                task.cancel()  # too late: measure the rest with the streams that made it
        _reply(
            {
                "type": "ready",
                "ready": len(phones.snapshotted & phones.alive),
                "seconds": round(time.monotonic() - started, 2),
                "errors": dict(phones.errors),
            }
        )
        deadline = started + args.max_seconds
        while time.monotonic() < deadline:
            try:
                line = await asyncio.wait_for(commands.readline(), deadline - time.monotonic())
            except TimeoutError:
                break
            if not line:
                break  # the orchestrator has gone: stop
            command = json.loads(line)
            if command["cmd"] == "arm":
                phones.arm(command["marker"])
                _reply({"type": "armed", "expected": phones.expected})
            elif command["cmd"] == "collect":
                _reply(await phones.collect(command["wait"]))
            elif command["cmd"] == "status":
                _reply(
                    {
                        "type": "status",
                        "alive": len(phones.alive),
                        "errors": dict(phones.errors),
                    }
                )
            elif command["cmd"] == "quit":
                break
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


# The orchestrator ---------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mb(pid: int, field: str = "VmRSS") -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(field + ":"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def start_process(command: list[str], log: Path, env: dict[str, str]) -> subprocess.Popen[bytes]:
    with log.open("wb") as output:
        return subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, so it can be stopped whole
        )


def stop_process(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM the process group this script started, then SIGKILL it if it lingers."""
    for sig, grace in ((signal.SIGTERM, 10.0), (signal.SIGKILL, 5.0)):
        if process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(grace)


def log_tail(path: Path, lines: int = 20) -> str:
    with contextlib.suppress(OSError):
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    return ""


async def wait_healthy(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_tail(log)}")
        connection = HTTPConnection(port)
        try:
            status, _ = await connection.request("GET", "/healthz", timeout=2)
            if status == 200:
                return
        except (OSError, TimeoutError, asyncio.IncompleteReadError):
            pass
        finally:
            connection.close()
        await asyncio.sleep(0.1)
    raise RuntimeError(f"server not healthy within 60 s:\n{log_tail(log)}")


class PhonesProcess:
    """The load generator, driven over its stdin/stdout with one JSON object a line."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(
        cls, args: argparse.Namespace, port: int, path: str, env: dict[str, str]
    ) -> PhonesProcess:
        command = [
            sys.executable,
            str(Path(__file__).resolve()),
            "--role",
            "phones",
            "--port",
            str(port),
            "--path",
            path,
            "--clients",
            str(args.clients),
            "--connect-timeout",
            str(args.connect_timeout),
            "--max-seconds",
            str(args.max_seconds),
        ]
        process = await asyncio.create_subprocess_exec(
            *command,
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            start_new_session=True,
            limit=STREAM_LIMIT,
        )
        return cls(process)

    async def read(self, timeout: float) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = await asyncio.wait_for(self.process.stdout.readline(), timeout)
        if not line:
            raise RuntimeError("the load generator exited")
        message: dict[str, Any] = json.loads(line)
        return message

    async def command(self, timeout: float, **command: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        return await self.read(timeout)

    async def quit(self) -> None:
        """Ask it to close its streams and exit; kill its process group if it does not."""
        if self.process.returncode is not None:
            return
        with contextlib.suppress(Exception):
            assert self.process.stdin is not None
            self.process.stdin.write(b'{"cmd": "quit"}\n')
            await self.process.stdin.drain()
            await asyncio.wait_for(self.process.wait(), 15)
        for sig in (signal.SIGTERM, signal.SIGKILL):
            if self.process.returncode is not None:
                return
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, sig)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.process.wait(), 5)


async def measure_deals(
    phones: PhonesProcess,
    deals: int,
    marker: Callable[[int], str],
    deal: Callable[[int], Awaitable[tuple[int, bytes]]],
    deliver_timeout: float,
    connection: HTTPConnection,
) -> dict[str, Any]:
    """Arm each marker, deal, then gather when every client read it (ms after the POST)."""
    latencies: list[float] = []
    per_deal, post_ms, missed, event_bytes = [], [], 0, 0
    errors: Counter[str] = Counter()
    for number in range(1, deals + 1):
        await phones.command(30, cmd="arm", marker=marker(number))
        await connection.ensure_open()  # so no deal pays for a new connection
        started = time.monotonic()
        try:
            status, _ = await deal(number)
        except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
            errors[type(exc).__name__] += 1
            connection.close()
            status = 0
        post_ms.append((time.monotonic() - started) * 1000)
        if status not in (0, 200):
            errors[f"http_{status}"] += 1
        report = await phones.command(deliver_timeout + 30, cmd="collect", wait=deliver_timeout)
        these = [(when - started) * 1000 for when in report["times"]]
        latencies.extend(these)
        missed += report["missed"]
        event_bytes = max(event_bytes, report["event_bytes"])
        summary = percentiles(these)
        per_deal.append(
            {"deal": number, "ids": report["ids"], "post_ms": round(post_ms[-1], 1), **summary}
        )
        await asyncio.sleep(0.3)  # let the server settle before the next deal
    return {
        "deal_latency_ms": percentiles(latencies),
        "deliveries": len(latencies),
        "missed": missed,
        "deal_post_ms": percentiles(post_ms),
        "event_bytes": event_bytes,
        "per_deal": per_deal,
        "errors": dict(errors),
    }


async def _post_reflection(
    go: asyncio.Event,
    connection: HTTPConnection,
    path: str,
    token: str,
    n: int,
    latencies: list[float],
    statuses: Counter[str],
) -> None:
    await go.wait()
    started = time.monotonic()
    try:
        status, _ = await connection.request(
            "POST",
            path,
            json_body={"text": REFLECTION.format(n=n)},
            headers={"X-Device-Token": token},
        )
    except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
        connection.close()
        status_name = type(exc).__name__
    else:
        status_name = str(status)
    # Failures count too, at the time they took to fail (a timeout is not a fast answer).
    latencies.append((time.monotonic() - started) * 1000)
    statuses[status_name] += 1


async def measure_submits(
    port: int, path: str, tokens: Sequence[str], rounds: int
) -> dict[str, Any]:
    """Each device posts one reflection a round, all at once, over a warm connection."""
    connections = [await HTTPConnection(port).open() for _ in tokens]
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    try:
        for connection in connections:  # warm each keep-alive connection
            await connection.request("GET", "/healthz")
        for round_number in range(rounds):
            go = asyncio.Event()
            posts = [
                asyncio.create_task(
                    _post_reflection(
                        go,
                        connection,
                        path,
                        token,
                        round_number * len(tokens) + i,
                        latencies,
                        statuses,
                    )
                )
                for i, (connection, token) in enumerate(zip(connections, tokens, strict=True))
            ]
            await asyncio.sleep(0.05)  # every task is parked on `go`
            go.set()
            await asyncio.gather(*posts)
            await asyncio.sleep(0.5)
    finally:
        for connection in connections:
            connection.close()
    return {"submit_latency_ms": percentiles(latencies), "statuses": dict(statuses)}


def card_titles() -> dict[int, str]:
    """Card number -> English title, from the cards' front matter."""
    import yaml

    titles = {}
    for path in sorted((ROOT / "cards").glob("*.en.md")):
        front = yaml.safe_load(path.read_text().split("---", 2)[1])
        titles[int(front["number"])] = str(front["title"])
    return titles


async def join_devices(port: int, code: str, count: int, parallel: int = 8) -> list[str]:
    tokens: list[str] = []
    remaining = iter(range(count))

    async def worker() -> None:
        connection = await HTTPConnection(port).open()
        try:
            for _ in remaining:
                status, body = await connection.request(
                    "POST", f"/api/v1/sessions/{code}/join", json_body={}
                )
                if status != 201:
                    raise RuntimeError(f"join answered {status}: {body[:200]!r}")
                tokens.append(json.loads(body)["device_token"])
        finally:
            connection.close()

    await asyncio.gather(*(worker() for _ in range(parallel)))
    return tokens


async def run_app(args: argparse.Namespace, work: Path, cleanup: list[Any]) -> dict[str, Any]:
    import markupsafe

    port = free_port()
    env = {**os.environ, "CYT_DATA_DIR": str(work / "data"), "PYTHONUNBUFFERED": "1"}
    cyt = Path(sys.executable).with_name("cyt")
    if not cyt.exists():
        cyt = ROOT / ".venv" / "bin" / "cyt"
    serve = ["serve", "--host", "127.0.0.1", "--port", str(port)]
    command = [str(cyt)]
    log = work / "server.log"
    server = start_process(command + serve, log, env)
    cleanup.append(server)
    await wait_healthy(port, server, log)
    await asyncio.sleep(1.0)
    rss = {"idle": rss_mb(server.pid)}
    progress(f"app: serving on port {port}, {rss['idle']} MB; joining {args.clients} devices")

    titles = card_titles()
    numbers = sorted(titles)
    deals = min(args.deals, len(numbers))
    facilitator = await HTTPConnection(port).open()
    status, body = await facilitator.request(
        "POST", "/api/v1/sessions", json_body={"title": "Fan-out benchmark", "cards": numbers}
    )
    if status != 201:
        raise RuntimeError(f"create session answered {status}: {body[:200]!r}")
    created = json.loads(body)
    code, token = created["code"], created["facilitator_token"]
    started = time.monotonic()
    devices = await join_devices(port, code, args.clients)
    join_seconds = time.monotonic() - started

    progress(f"app: joined in {join_seconds:.1f} s; opening {args.clients} phone streams")
    phones = await PhonesProcess.start(args, port, f"/s/{code}/events?view=phone", env)
    cleanup.append(phones)
    ready = await phones.read(args.connect_timeout + 30)
    await asyncio.sleep(1.0)
    rss["connected"] = rss_mb(server.pid)
    progress(f"app: {ready}, {rss['connected']} MB; dealing {deals} cards")

    profiler = None
    if args.py_spy:
        profiler = start_process(
            [
                str(Path(sys.executable).with_name("py-spy")),
                "record",
                "--pid",
                str(server.pid),
                "--rate",
                "200",
                "--nonblocking",
                "--format",
                {".svg": "flamegraph", ".json": "speedscope"}.get(Path(args.py_spy).suffix, "raw"),
                "--output",
                str(Path(args.py_spy).resolve()),
            ],
            work / "py-spy.log",
            env,
        )
        cleanup.append(profiler)
        await asyncio.sleep(1.0)

    async def deal(_number: int) -> tuple[int, bytes]:
        return await facilitator.request(
            "POST",
            f"/api/v1/sessions/{code}/actions",
            json_body={"action": "next"},
            headers={"Authorization": f"Bearer {token}"},
        )

    def marker(number: int) -> str:
        return str(markupsafe.escape(titles[numbers[number - 1]]))

    dealt = await measure_deals(phones, deals, marker, deal, args.deliver_timeout, facilitator)
    progress(f"app: deals {dealt['deal_latency_ms']}; submitting")
    submitted = await measure_submits(
        port,
        f"/api/v1/sessions/{code}/reflections",
        devices[: min(args.submitters, len(devices))],
        args.submit_rounds,
    )
    if profiler is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(profiler.pid, signal.SIGINT)  # py-spy writes its output on SIGINT
        with contextlib.suppress(subprocess.TimeoutExpired):
            profiler.wait(30)
    status_report = await phones.command(30, cmd="status")
    rss["peak"] = rss_mb(server.pid, "VmHWM")
    rss["end"] = rss_mb(server.pid)
    facilitator.close()
    await phones.quit()
    stop_process(server)
    return {
        "deals": deals,
        "ready": ready,
        "join_seconds": round(join_seconds, 2),
        "rss": rss,
        "dealt": dealt,
        "submitted": submitted,
        "streams_alive_at_end": status_report["alive"],
        "stream_errors": status_report["errors"],
        "server_log_errors": [
            line
            for line in log.read_text(errors="replace").splitlines()
            if "ERROR" in line or "Traceback" in line
        ][:10],
    }


async def run_ceiling(
    args: argparse.Namespace, deals: int, work: Path, cleanup: list[Any]
) -> dict[str, Any]:
    port = free_port()
    (work / "bare_sse.py").write_text(BARE_APP)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    log = work / "bare.log"
    command = [sys.executable, "-m", "uvicorn", "bare_sse:app", "--app-dir", str(work)]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    server = start_process(command, log, env)
    cleanup.append(server)
    await wait_healthy(port, server, log)
    await asyncio.sleep(1.0)
    rss = {"idle": rss_mb(server.pid)}
    phones = await PhonesProcess.start(args, port, "/events", env)
    cleanup.append(phones)
    ready = await phones.read(args.connect_timeout + 30)
    await asyncio.sleep(1.0)
    rss["connected"] = rss_mb(server.pid)
    progress(f"ceiling: {ready}, {rss['connected']} MB; broadcasting {deals} events")
    broadcaster = await HTTPConnection(port).open()

    def marker(number: int) -> str:
        return f"deal={number};"

    async def deal(number: int) -> tuple[int, bytes]:
        return await broadcaster.request("POST", "/broadcast", raw_body=marker(number).encode())

    dealt = await measure_deals(phones, deals, marker, deal, args.deliver_timeout, broadcaster)
    devices = [f"device-{i}" for i in range(min(args.submitters, args.clients))]
    submitted = await measure_submits(port, "/reflect", devices, args.submit_rounds)
    rss["peak"] = rss_mb(server.pid, "VmHWM")
    broadcaster.close()
    await phones.quit()
    stop_process(server)
    return {"ready": ready, "rss": rss, "dealt": dealt, "submitted": submitted}


async def orchestrate(args: argparse.Namespace) -> dict[str, Any]:
    limit = raise_open_files_limit(args.clients + 1_000)  # the servers inherit it
    if limit < args.clients + 200:
        print(
            f"warning: open-files limit {limit} is low for {args.clients} clients", file=sys.stderr
        )
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    cleanup: list[Any] = []
    with tempfile.TemporaryDirectory(prefix="cyt-fanout-") as tmp:
        work = Path(tmp)
        try:
            app = await run_app(args, work, cleanup)
            ceiling = await run_ceiling(args, app["deals"], work, cleanup) if args.ceiling else None
        finally:
            for item in reversed(cleanup):
                if isinstance(item, PhonesProcess):
                    await item.quit()
                else:
                    stop_process(item)
    deal_ms = app["dealt"]["deal_latency_ms"]
    submit_ms = app["submitted"]["submit_latency_ms"]
    server_rss = {key: app["rss"][key] for key in ("idle", "connected", "peak")}
    met = {
        "deal_p95": deal_ms["p95"] is not None
        and deal_ms["p95"] <= TARGETS["deal_p95_ms"]
        and app["dealt"]["missed"] == 0
        and app["ready"]["ready"] == args.clients,
        "submit_p95": submit_ms["p95"] is not None
        and submit_ms["p95"] <= TARGETS["submit_p95_ms"]
        and set(app["submitted"]["statuses"]) == {"201"},
        # Memory only counts when every client was connected: an empty server is no test.
        "rss": server_rss["peak"] is not None
        and server_rss["peak"] <= TARGETS["rss_mb"]
        and app["ready"]["ready"] == args.clients,
    }
    summary: dict[str, Any] = {
        "server": "cyt serve",
        "clients": args.clients,
        "deals": app["deals"],
        "deal_latency_ms": deal_ms,
        "submit_latency_ms": submit_ms,
        "server_rss_mb": server_rss,
        "ceiling_bare_starlette": None,
        "targets": TARGETS,
        "met": met,
        "details": {
            "clients_ready": app["ready"]["ready"],
            "connect_seconds": app["ready"]["seconds"],
            "connect_errors": app["ready"]["errors"],
            "join_seconds": app["join_seconds"],
            "deliveries": app["dealt"]["deliveries"],
            "deliveries_missed": app["dealt"]["missed"],
            "deal_post_ms": app["dealt"]["deal_post_ms"],
            "deal_errors": app["dealt"]["errors"],
            "card_event_bytes": app["dealt"]["event_bytes"],
            "per_deal_ms": app["dealt"]["per_deal"],
            "submits": sum(app["submitted"]["statuses"].values()),
            "submit_statuses": app["submitted"]["statuses"],
            "submitters": min(args.submitters, args.clients),
            "submit_rounds": args.submit_rounds,
            "server_rss_end_mb": app["rss"]["end"],
            "streams_alive_at_end": app["streams_alive_at_end"],
            "stream_errors": app["stream_errors"],
            "server_log_errors": app["server_log_errors"],
            "rss_peak_is": "VmHWM (the kernel's high-water mark of resident memory)",
            "cpus": os.cpu_count(),
            "load_average_at_start": load_at_start,
            "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        },
    }
    if ceiling is not None:
        summary["ceiling_bare_starlette"] = {
            "deal_latency_ms": ceiling["dealt"]["deal_latency_ms"],
            "rss_mb": ceiling["rss"],
            "clients_ready": ceiling["ready"]["ready"],
            "deliveries_missed": ceiling["dealt"]["missed"],
            "submit_latency_ms": ceiling["submitted"]["submit_latency_ms"],
            "submit_statuses": ceiling["submitted"]["statuses"],
            "event_bytes": ceiling["dealt"]["event_bytes"],
            "per_deal_ms": ceiling["dealt"]["per_deal"],
        }
    return summary


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=1_000, help="phone streams (default 1000)")
    parser.add_argument("--deals", type=int, default=10, help="cards dealt (default 10)")
    parser.add_argument("--submitters", type=int, default=100, help="devices posting at once (100)")
    parser.add_argument("--submit-rounds", type=int, default=3, help="bursts of submissions (3)")
    parser.add_argument(
        "--connect-timeout", type=float, default=90.0, help="seconds for all streams to open (90)"
    )
    parser.add_argument("--deliver-timeout", type=float, default=30.0, help="seconds a deal (30)")
    parser.add_argument("--max-seconds", type=float, default=1800.0, help="whole run (1800)")
    parser.add_argument(
        "--no-ceiling", dest="ceiling", action="store_false", help="skip the bare Starlette run"
    )
    parser.add_argument(
        "--py-spy",
        metavar="FILE",
        help="profile the server while dealing and submitting (.svg flame graph, "
        ".json speedscope, anything else collapsed stacks)",
    )
    # The load generator's own options (it is this script run with --role phones).
    parser.add_argument(
        "--role", choices=("orchestrator", "phones"), default="orchestrator", help=argparse.SUPPRESS
    )
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--event", default="card", help=argparse.SUPPRESS)
    parser.add_argument("--connect-concurrency", type=int, default=100, help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.role == "phones":
        asyncio.run(phones_main(args))
        return 0
    if not (
        1 <= args.clients <= 5_000
        and 1 <= args.deals <= 60
        and 1 <= args.submitters <= 1_000
        and 1 <= args.submit_rounds <= 20
    ):
        print(
            "need --clients 1..5000, --deals 1..60, --submitters 1..1000 and --submit-rounds 1..20",
            file=sys.stderr,
        )
        return 2

    async def bounded() -> dict[str, Any]:
        task = asyncio.current_task()
        assert task is not None
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
        return await asyncio.wait_for(orchestrate(args), args.max_seconds)

    summary = asyncio.run(bounded())
    print(json.dumps(summary, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
