"""Many rooms on several servers over one PostgreSQL: the shape of a country's training day.

Starts ``--servers M`` separate ``cyt serve --workers N`` processes on their own ports,
sharing one PostgreSQL database (a fresh schema, dropped afterwards), as separate machines
would. Creates ``--rooms R`` sessions of ``--phones-per-room P`` phones plus one large
room of ``--big-room B`` phones; each room's phones are spread over the servers, while
every facilitator deals on server 0 (so every card crosses LISTEN/NOTIFY to reach most
phones). Phones are cheap: raw asyncio sockets, spread over ``--phone-processes`` load
generator processes separate from the servers and from this orchestrator. Then:

* deals ``--deals`` cards in every room at the same instant and times, for every phone,
  the gap from just before its room's deal POST to reading the dealt card's title; reports
  each room's p95/max and deliveries missed;
* has ``--submitters S`` devices in the large room (or room 1) post at the same instant,
  ``--submit-rounds`` times, over connections spread across the servers, while every
  phone stays connected, and reports the submit p95;
* reads resident memory of every server process (each worker too);
* runs the same number of phones against a bare Starlette SSE broadcast in the same run
  (``benchmarks/live_fanout.py``'s ceiling), unless ``--no-ceiling``.

Prints one JSON object on stdout (progress and the load average go to stderr too).

    # quick smoke run (2 servers x 1 worker, 3 rooms of 5 phones, a room of 20)
    .venv/bin/python benchmarks/live_rooms.py --servers 2 --rooms 3 --phones-per-room 5 \\
        --big-room 20 --deals 2 --submitters 10 --submit-rounds 1
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from live_fanout import (  # a sibling script, imported by path
    REFLECTION,
    STREAM_LIMIT,
    HTTPConnection,
    card_titles,
    free_port,
    log_tail,
    percentiles,
    progress,
    raise_open_files_limit,
    rss_mb,
    run_ceiling,
    start_process,
    stop_process,
    wait_healthy,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_POSTGRES = os.environ.get(
    "CYT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
TARGETS = {
    "room_deal_p95_vs_ceiling": 2.0,  # every room's deal p95 within 2x the bare ceiling
    "submit_p95_ms_one_worker": 250,
    "submit_p95_ms_two_workers": 150,
    "rss_vs_idle": 2.0,  # each worker's peak within 2x its own idle (bare) footprint
}


# The load generator (its own process) -------------------------------------------------------


class RoomPhones:
    """Streams for many rooms in one asyncio loop; each room has its own armed marker."""

    def __init__(self, targets: list[tuple[int, int, str]]) -> None:
        self.targets = targets  # (room, port, path) per stream
        self.snapshotted: set[int] = set()
        self.alive: set[int] = set()
        self.failed = 0
        self.all_ready = asyncio.Event()
        self.errors: Counter[str] = Counter()
        self.markers: dict[int, bytes] = {}
        self.received: dict[int, tuple[int, float]] = {}  # stream -> (room, when)
        self.expected = 0
        self.all_received = asyncio.Event()
        self.reconnects = 0

    def _message(self, index: int, message: bytes, now: float) -> None:
        if b"event: card\n" not in message:
            return  # ping, retry hint
        if index not in self.snapshotted:
            self.snapshotted.add(index)
            if len(self.snapshotted) + self.failed >= len(self.targets):
                self.all_ready.set()
            return
        room = self.targets[index][0]
        marker = self.markers.get(room)
        if marker is None or index in self.received or marker not in message:
            return
        self.received[index] = (room, now)
        if len(self.received) >= self.expected:
            self.all_received.set()

    async def stream(self, index: int, gate: asyncio.Semaphore) -> None:
        _room, port, path = self.targets[index]
        request = (
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        ).encode()
        writer = None
        try:
            async with contextlib.AsyncExitStack() as stack:
                await stack.enter_async_context(gate)
                reader, writer = await asyncio.open_connection(
                    "127.0.0.1", port, limit=STREAM_LIMIT
                )
                writer.write(request)
                head = await reader.readuntil(b"\r\n\r\n")
                status = int(head.split(b" ", 2)[1])
                if status != 200:
                    self.errors[f"http_{status}"] += 1
                    return
                self.alive.add(index)
                released = False
                buffer = b""
                while True:
                    line = await reader.readline()
                    if not line:
                        break
                    size = int(line.split(b";", 1)[0], 16)
                    if size == 0:
                        break
                    data = (await reader.readexactly(size + 2))[:-2]
                    now = time.monotonic()
                    buffer += data
                    while (end := buffer.find(b"\n\n")) >= 0:
                        self._message(index, buffer[:end], now)
                        buffer = buffer[end + 2 :]
                    if not released and index in self.snapshotted:
                        released = True
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
                if len(self.snapshotted) + self.failed >= len(self.targets):
                    self.all_ready.set()
            if writer is not None:
                writer.close()

    def arm(self, markers: dict[int, str]) -> None:
        self.markers = {int(room): marker.encode() for room, marker in markers.items()}
        self.received = {}
        live = self.alive & self.snapshotted
        self.expected = sum(1 for i in live if self.targets[i][0] in self.markers)
        self.all_received = asyncio.Event()
        if self.expected == 0:
            self.all_received.set()

    async def collect(self, timeout: float) -> dict[str, Any]:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self.all_received.wait(), timeout)
        times: dict[int, list[float]] = defaultdict(list)
        for room, when in self.received.values():
            times[room].append(when)
        expected: Counter[int] = Counter(self.targets[i][0] for i in self.alive & self.snapshotted)
        live_rooms = {self.targets[i][0] for i in self.alive & self.snapshotted}
        missed = {
            room: expected.get(room, 0) - len(times.get(room, []))
            for room in self.markers
            if room in live_rooms
        }
        self.markers = {}
        return {"type": "deliveries", "times": times, "missed": missed}


def _reply(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def phones_main(args: argparse.Namespace) -> None:
    targets = [tuple(t) for t in json.loads(Path(args.targets).read_text())]
    raise_open_files_limit(len(targets) + 1_000)
    loop = asyncio.get_running_loop()
    commands = asyncio.StreamReader(limit=STREAM_LIMIT)
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(commands), sys.stdin)
    phones = RoomPhones(targets)  # type: ignore[arg-type]
    gate = asyncio.Semaphore(100)
    started = time.monotonic()
    tasks = [asyncio.create_task(phones.stream(i, gate)) for i in range(len(targets))]
    try:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(phones.all_ready.wait(), args.connect_timeout)
        _reply(
            {
                "type": "ready",
                "ready": len(phones.snapshotted & phones.alive),
                "seconds": round(time.monotonic() - started, 2),
                "errors": dict(phones.errors),
            }
        )
        while True:
            line = await commands.readline()
            if not line:
                break
            command = json.loads(line)
            if command["cmd"] == "arm":
                phones.arm(command["markers"])
                _reply({"type": "armed", "expected": phones.expected})
            elif command["cmd"] == "collect":
                _reply(await phones.collect(command["wait"]))
            elif command["cmd"] == "status":
                _reply({"type": "status", "alive": len(phones.alive), "errors": phones.errors})
            elif command["cmd"] == "quit":
                break
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class Generator:
    """One load generator process, driven over stdin/stdout."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @classmethod
    async def start(
        cls, args: argparse.Namespace, targets: list[tuple[int, int, str]], work: Path, n: int
    ) -> Generator:
        path = work / f"targets-{n}.json"
        path.write_text(json.dumps(targets))
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            str(Path(__file__).resolve()),
            "--role",
            "phones",
            "--targets",
            str(path),
            "--connect-timeout",
            str(args.connect_timeout),
            cwd=ROOT,
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
            raise RuntimeError("a load generator exited")
        message: dict[str, Any] = json.loads(line)
        return message

    async def command(self, timeout: float, **command: Any) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write((json.dumps(command) + "\n").encode())
        await self.process.stdin.drain()
        return await self.read(timeout)

    async def quit(self) -> None:
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


# The orchestrator ---------------------------------------------------------------------------


def process_tree(pid: int) -> list[int]:
    """``pid`` and its descendants (uvicorn's worker processes)."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            for child in (task / "children").read_text().split():
                found.extend(process_tree(int(child)))
    return found


def server_rss(pid: int) -> dict[str, Any]:
    pids = process_tree(pid)
    workers = pids[1:] or pids  # with --workers N, the parent only supervises
    return {
        "processes": {str(p): {"rss": rss_mb(p), "peak": rss_mb(p, "VmHWM")} for p in pids},
        "max_worker_peak_mb": max((rss_mb(p, "VmHWM") or 0.0) for p in workers),
    }


@contextlib.contextmanager
def postgres_schema(url: str) -> Any:
    import psycopg

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{url}?options=-csearch_path%3D{schema}"
    finally:
        with psycopg.connect(dsn, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA {schema} CASCADE")


async def start_servers(
    args: argparse.Namespace, database_url: str, work: Path, cleanup: list[Any]
) -> list[tuple[int, subprocess.Popen[bytes], Path]]:
    cyt = Path(sys.executable).with_name("cyt")
    started = []
    for n in range(args.servers):
        port = free_port()
        env = {
            **os.environ,
            "CYT_DATA_DIR": str(work / f"data{n}"),
            "PYTHONUNBUFFERED": "1",
            # Every phone here comes from 127.0.0.1: lift the per-address stream cap that
            # protects a real server from one client (a room behind NAT stays far below it).
            "CYT_STREAMS_PER_CLIENT": str(args.rooms * args.phones_per_room + args.big_room + 100),
        }
        if database_url:
            env.update(CYT_DATABASE_URL=database_url, CYT_BROKER="postgres")
        command = [str(cyt), "serve", "--host", "127.0.0.1", "--port", str(port)]
        command += ["--workers", str(args.workers)]
        log = work / f"server{n}.log"
        process = start_process(command, log, env)
        cleanup.append(process)
        await wait_healthy(port, process, log)  # one by one: each migrates first
        started.append((port, process, log))
    return started


async def create_rooms(port: int, sizes: list[int], numbers: list[int]) -> list[tuple[str, str]]:
    facilitator = await HTTPConnection(port).open()
    rooms = []
    try:
        for n, _size in enumerate(sizes):
            status, body = await facilitator.request(
                "POST",
                "/api/v1/sessions",
                json_body={"title": f"Room {n + 1}", "cards": numbers},
            )
            if status != 201:
                raise RuntimeError(f"create session answered {status}: {body[:200]!r}")
            created = json.loads(body)
            rooms.append((created["code"], created["facilitator_token"]))
    finally:
        facilitator.close()
    return rooms


async def join(port: int, code: str, count: int) -> list[str]:
    connection = await HTTPConnection(port).open()
    tokens = []
    try:
        for _ in range(count):
            status, body = await connection.request(
                "POST", f"/api/v1/sessions/{code}/join", json_body={}
            )
            if status != 201:
                raise RuntimeError(f"join answered {status}: {body[:200]!r}")
            tokens.append(json.loads(body)["device_token"])
    finally:
        connection.close()
    return tokens


async def deal_everywhere(
    generators: list[Generator],
    rooms: list[tuple[str, str]],
    port: int,
    deals: int,
    markers: list[str],
    deliver_timeout: float,
) -> dict[str, Any]:
    """Each round, every room's facilitator deals at the same instant (server 0)."""
    connections = [await HTTPConnection(port).open() for _ in rooms]
    per_room: dict[int, list[float]] = defaultdict(list)
    missed: Counter[int] = Counter()
    post_ms: list[float] = []
    errors: Counter[str] = Counter()
    try:
        for number in range(1, deals + 1):
            armed = {room: markers[number - 1] for room in range(len(rooms))}
            for generator in generators:
                await generator.command(30, cmd="arm", markers=armed)
            for connection in connections:
                await connection.ensure_open()
            starts: dict[int, float] = {}

            async def deal(
                room: int, connection: HTTPConnection, starts: dict[int, float] = starts
            ) -> None:
                code, token = rooms[room]
                starts[room] = time.monotonic()
                try:
                    status, _ = await connection.request(
                        "POST",
                        f"/api/v1/sessions/{code}/actions",
                        json_body={"action": "next"},
                        headers={"Authorization": f"Bearer {token}"},
                    )
                except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
                    errors[type(exc).__name__] += 1
                    connection.close()
                    return
                post_ms.append((time.monotonic() - starts[room]) * 1000)
                if status != 200:
                    errors[f"http_{status}"] += 1

            await asyncio.gather(*(deal(r, c) for r, c in enumerate(connections)))
            for generator in generators:
                report = await generator.command(
                    deliver_timeout + 30, cmd="collect", wait=deliver_timeout
                )
                for room, times in report["times"].items():
                    per_room[int(room)].extend((t - starts[int(room)]) * 1000 for t in times)
                for room, count in report["missed"].items():
                    missed[int(room)] += count
            await asyncio.sleep(0.5)
    finally:
        for connection in connections:
            connection.close()
    return {"per_room": per_room, "missed": missed, "post_ms": post_ms, "errors": errors}


async def submit_bursts(
    ports: Sequence[int], path: str, tokens: Sequence[str], rounds: int
) -> dict[str, Any]:
    """All devices post at the same instant, over warm connections spread over servers."""
    connections = [await HTTPConnection(ports[i % len(ports)]).open() for i in range(len(tokens))]
    latencies: list[float] = []
    statuses: Counter[str] = Counter()
    try:
        for connection in connections:
            await connection.request("GET", "/healthz")
        for round_number in range(rounds):
            go = asyncio.Event()

            async def post(
                i: int,
                connection: HTTPConnection,
                token: str,
                go: asyncio.Event = go,
                first: int = round_number * len(tokens),
            ) -> None:
                await go.wait()
                started = time.monotonic()
                try:
                    status, _ = await connection.request(
                        "POST",
                        path,
                        json_body={"text": REFLECTION.format(n=first + i)},
                        headers={"X-Device-Token": token},
                    )
                    name = str(status)
                except (OSError, TimeoutError, asyncio.IncompleteReadError) as exc:
                    connection.close()
                    name = type(exc).__name__
                latencies.append((time.monotonic() - started) * 1000)
                statuses[name] += 1

            for connection in connections:
                await connection.ensure_open()
            tasks = [
                asyncio.create_task(post(i, c, t))
                for i, (c, t) in enumerate(zip(connections, tokens, strict=True))
            ]
            await asyncio.sleep(0.05)
            go.set()
            await asyncio.gather(*tasks)
            await asyncio.sleep(1.0)
    finally:
        for connection in connections:
            connection.close()
    return {"submit_latency_ms": percentiles(latencies), "statuses": dict(statuses)}


async def run_app(
    args: argparse.Namespace, database_url: str, work: Path, cleanup: list[Any]
) -> dict[str, Any]:
    import markupsafe

    servers = await start_servers(args, database_url, work, cleanup)
    ports = [port for port, _, _ in servers]
    await asyncio.sleep(1.0)
    rss_idle = {str(port): server_rss(process.pid) for port, process, _ in servers}
    titles = card_titles()
    numbers = sorted(titles)
    deals = min(args.deals, len(numbers))
    sizes = [args.phones_per_room] * args.rooms + ([args.big_room] if args.big_room else [])
    progress(f"app: {len(servers)} servers x {args.workers} workers; creating {len(sizes)} rooms")
    rooms = await create_rooms(ports[0], sizes, numbers)
    burst_room = len(rooms) - 1 if args.big_room else 0
    submitters = min(args.submitters, max(sizes))
    tokens = await join(ports[0], rooms[burst_room][0], submitters)

    # Phones: each room's phones spread over the servers, then over the generators.
    targets: list[list[tuple[int, int, str]]] = [[] for _ in range(args.phone_processes)]
    stream = 0
    for room, size in enumerate(sizes):
        for phone in range(size):
            port = ports[phone % len(ports)]
            path = f"/s/{rooms[room][0]}/events?view=phone"
            targets[stream % args.phone_processes].append((room, port, path))
            stream += 1
    progress(f"app: opening {stream} phone streams from {args.phone_processes} processes")
    generators = [
        await Generator.start(args, group, work, n) for n, group in enumerate(targets) if group
    ]
    cleanup.extend(generators)
    ready = [await g.read(args.connect_timeout + 30) for g in generators]
    await asyncio.sleep(1.0)
    rss_connected = {str(port): server_rss(process.pid) for port, process, _ in servers}
    progress(f"app: ready {[r['ready'] for r in ready]}; dealing {deals} cards in every room")

    profiler = None
    if args.py_spy:
        profiler = start_process(
            [
                str(Path(sys.executable).with_name("py-spy")),
                "record",
                "--pid",
                str(servers[0][1].pid),
                "--subprocesses",
                "--rate",
                "200",
                "--nonblocking",
                "--format",
                {".svg": "flamegraph", ".json": "speedscope"}.get(Path(args.py_spy).suffix, "raw"),
                "--output",
                str(Path(args.py_spy).resolve()),
            ],
            work / "py-spy.log",
            dict(os.environ),
        )
        cleanup.append(profiler)
        await asyncio.sleep(1.0)

    markers = [str(markupsafe.escape(titles[n])) for n in numbers]
    dealt = await deal_everywhere(generators, rooms, ports[0], deals, markers, args.deliver_timeout)
    progress("app: dealt; submitting bursts")
    submitted = await submit_bursts(
        ports, f"/api/v1/sessions/{rooms[burst_room][0]}/reflections", tokens, args.submit_rounds
    )
    if profiler is not None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(profiler.pid, signal.SIGINT)
        with contextlib.suppress(subprocess.TimeoutExpired):
            profiler.wait(30)
    statuses = [await g.command(30, cmd="status") for g in generators]
    rss_end = {str(port): server_rss(process.pid) for port, process, _ in servers}
    for generator in generators:
        await generator.quit()
    log_errors = []
    for _port, process, log in servers:
        stop_process(process)
        log_errors += [
            line
            for line in log.read_text(errors="replace").splitlines()
            if "ERROR" in line or "Traceback" in line
        ][:5]
    rooms_report = []
    for room, size in enumerate(sizes):
        stats = percentiles(dealt["per_room"].get(room, []))
        rooms_report.append(
            {
                "room": room + 1,
                "phones": size,
                "deal_p95_ms": stats["p95"],
                "deal_max_ms": stats["max"],
                "missed": dealt["missed"].get(room, 0),
            }
        )
    everything = [t for times in dealt["per_room"].values() for t in times]
    return {
        "deals": deals,
        "phones": stream,
        "phones_ready": sum(r["ready"] for r in ready),
        "connect_errors": [r["errors"] for r in ready],
        "rooms": rooms_report,
        "deal_latency_ms": percentiles(everything),
        "deliveries": len(everything),
        "deliveries_missed": sum(dealt["missed"].values()),
        "deal_post_ms": percentiles(dealt["post_ms"]),
        "deal_errors": dict(dealt["errors"]),
        "submit": submitted,
        "submit_room_phones": sizes[burst_room],
        "rss_mb": {"idle": rss_idle, "connected": rss_connected, "end": rss_end},
        "streams_alive_at_end": sum(s["alive"] for s in statuses),
        "server_log_errors": log_errors,
        "log_tails": {str(port): log_tail(log, 3) for port, _, log in servers}
        if log_errors
        else {},
    }


async def orchestrate(args: argparse.Namespace) -> dict[str, Any]:
    phones = args.rooms * args.phones_per_room + args.big_room
    raise_open_files_limit(phones + 2_000)
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    progress(f"load average at start: {load_at_start}")
    cleanup: list[Any] = []
    use_postgres = args.database == "postgres"
    with tempfile.TemporaryDirectory(prefix="cyt-rooms-") as tmp:
        work = Path(tmp)
        schema = postgres_schema(args.postgres_url) if use_postgres else contextlib.nullcontext("")
        try:
            with schema as database_url:
                app = await run_app(args, database_url, work, cleanup)
            if args.logs:  # the servers' own logs, kept for a look after the run
                Path(args.logs).mkdir(parents=True, exist_ok=True)
                for log in work.glob("*.log"):
                    shutil.copy(log, Path(args.logs) / log.name)
            ceiling = None
            if args.ceiling:
                ceiling_args = argparse.Namespace(
                    clients=phones,
                    connect_timeout=args.connect_timeout,
                    max_seconds=args.max_seconds,
                    deliver_timeout=args.deliver_timeout,
                    submitters=min(args.submitters, phones),
                    submit_rounds=args.submit_rounds,
                )
                ceiling = await run_ceiling(ceiling_args, app["deals"], work, cleanup)
        finally:
            for item in reversed(cleanup):
                if hasattr(item, "quit"):  # a load generator (ours or live_fanout's)
                    await item.quit()
                else:
                    stop_process(item)
    load_at_end = [round(x, 2) for x in os.getloadavg()]
    progress(f"load average at end: {load_at_end}")
    ceiling_p95 = ceiling["dealt"]["deal_latency_ms"]["p95"] if ceiling else None
    worst_room = max(
        (room["deal_p95_ms"] for room in app["rooms"] if room["deal_p95_ms"] is not None),
        default=None,
    )
    bare_peak = ceiling["rss"]["peak"] if ceiling else None
    worker_peak = max(server["max_worker_peak_mb"] for server in app["rss_mb"]["end"].values())
    idle_peak = max(server["max_worker_peak_mb"] for server in app["rss_mb"]["idle"].values())
    submit_p95 = app["submit"]["submit_latency_ms"]["p95"]
    submit_target = TARGETS[
        "submit_p95_ms_one_worker"
        if args.workers * args.servers == 1
        else "submit_p95_ms_two_workers"
    ]
    complete = app["phones_ready"] == phones and app["deliveries_missed"] == 0
    return {
        "benchmark": "live_rooms",
        "config": {
            "servers": args.servers,
            "workers_per_server": args.workers,
            "database": args.database,
            "rooms": args.rooms,
            "phones_per_room": args.phones_per_room,
            "big_room": args.big_room,
            "phones": phones,
            "deals": app["deals"],
            "submitters": min(args.submitters, phones),
            "submit_rounds": args.submit_rounds,
            "phone_processes": args.phone_processes,
        },
        "load_average": {"start": load_at_start, "end": load_at_end, "cpus": os.cpu_count()},
        "deal_latency_ms": app["deal_latency_ms"],
        "worst_room_deal_p95_ms": worst_room,
        "deliveries": app["deliveries"],
        "deliveries_missed": app["deliveries_missed"],
        "submit_latency_ms": app["submit"]["submit_latency_ms"],
        "submit_statuses": app["submit"]["statuses"],
        "max_worker_rss_peak_mb": worker_peak,
        "max_worker_rss_idle_mb": idle_peak,
        "worker_rss_vs_bare_starlette": round(worker_peak / bare_peak, 2) if bare_peak else None,
        "ceiling_bare_starlette": None
        if ceiling is None
        else {
            "deal_latency_ms": ceiling["dealt"]["deal_latency_ms"],
            "deliveries_missed": ceiling["dealt"]["missed"],
            "clients_ready": ceiling["ready"]["ready"],
            "submit_latency_ms": ceiling["submitted"]["submit_latency_ms"],
            "rss_mb": ceiling["rss"],
        },
        "targets": TARGETS,
        "met": {
            "every_deal_delivered": complete,
            "room_deal_p95_within_2x_ceiling": bool(
                complete
                and ceiling_p95
                and worst_room is not None
                and worst_room <= TARGETS["room_deal_p95_vs_ceiling"] * max(ceiling_p95, 1.0)
            ),
            "submit_p95": submit_p95 is not None
            and submit_p95 <= submit_target
            and set(app["submit"]["statuses"]) == {"201"},
            "rss_within_2x_idle": bool(
                complete and worker_peak <= TARGETS["rss_vs_idle"] * idle_peak
            ),
        },
        "rooms": app["rooms"],
        "details": {
            "phones_ready": app["phones_ready"],
            "connect_errors": app["connect_errors"],
            "deal_post_ms": app["deal_post_ms"],
            "deal_errors": app["deal_errors"],
            "submit_room_phones": app["submit_room_phones"],
            "server_rss_mb": app["rss_mb"],
            "streams_alive_at_end": app["streams_alive_at_end"],
            "server_log_errors": app["server_log_errors"],
            "log_tails": app["log_tails"],
        },
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--servers", type=int, default=2, help="cyt serve processes (2)")
    parser.add_argument("--workers", type=int, default=1, help="workers per server (1)")
    parser.add_argument("--rooms", type=int, default=40, help="ordinary rooms (40)")
    parser.add_argument("--phones-per-room", type=int, default=50, help="(50)")
    parser.add_argument("--big-room", type=int, default=1_000, help="phones in the large room")
    parser.add_argument("--deals", type=int, default=5, help="cards dealt in every room (5)")
    parser.add_argument("--submitters", type=int, default=100, help="posts per burst (100)")
    parser.add_argument("--submit-rounds", type=int, default=3, help="bursts (3)")
    parser.add_argument("--phone-processes", type=int, default=2, help="load generators (2)")
    parser.add_argument(
        "--database",
        choices=("postgres", "sqlite"),
        default="postgres",
        help="postgres (default; needed for several servers or workers) or sqlite",
    )
    parser.add_argument("--postgres-url", default=DEFAULT_POSTGRES, help="a fresh schema is used")
    parser.add_argument("--connect-timeout", type=float, default=120.0)
    parser.add_argument("--deliver-timeout", type=float, default=30.0)
    parser.add_argument("--max-seconds", type=float, default=1800.0)
    parser.add_argument("--no-ceiling", dest="ceiling", action="store_false")
    parser.add_argument("--logs", metavar="DIR", help="copy the servers' logs here")
    parser.add_argument("--py-spy", metavar="FILE", help="profile server 0 (and its workers)")
    parser.add_argument(
        "--role", choices=("orchestrator", "phones"), default="orchestrator", help=argparse.SUPPRESS
    )
    parser.add_argument("--targets", help=argparse.SUPPRESS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.role == "phones":
        asyncio.run(phones_main(args))
        return 0
    if args.database == "sqlite" and args.servers * args.workers > 1:
        print("several servers or workers share events through PostgreSQL", file=sys.stderr)
        return 2
    if not (1 <= args.servers <= 8 and 1 <= args.workers <= 8 and args.phone_processes >= 1):
        print("need --servers 1..8, --workers 1..8, --phone-processes >= 1", file=sys.stderr)
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
