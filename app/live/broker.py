"""Fan-out of session events to subscribers.

Events are tiny (a session code, an id and a name such as ``"state"``); each stream
renders its own HTML for its audience, once per event, language and audience (see
``app/live/stream.py``). The broker interface is small — ``publish``, ``subscribe`` and
``latest_id`` — so a broker that spans several workers (PostgreSQL LISTEN/NOTIFY, below)
slots in without touching the routes.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol

logger = logging.getLogger("cyt.live")
QUEUE_SIZE = 256


@dataclass(frozen=True)
class Event:
    session: str
    id: int
    name: str


class Subscription:
    """One stream's view of a session's events; close it (or finish iterating) to leave."""

    def __init__(
        self,
        broker: InProcessBroker,
        session: str,
        queue: asyncio.Queue[Event | None],
        heartbeat: float | None,
    ) -> None:
        self._broker = broker
        self._session = session
        self._queue = queue
        self._heartbeat = heartbeat

    def close(self) -> None:
        self._broker.unsubscribe(self._session, self._queue)

    async def __aiter__(self) -> AsyncIterator[Event | None]:
        try:
            while not self._broker.closed:
                try:
                    # asyncio.timeout, not wait_for: no extra task for every wait.
                    async with asyncio.timeout(self._heartbeat):
                        event = await self._queue.get()
                except TimeoutError:
                    yield None
                    continue
                if event is None:
                    return
                yield event
        finally:
            self.close()


class Broker(Protocol):
    async def publish(self, session: str, name: str) -> Event: ...

    def subscribe(
        self,
        session: str,
        heartbeat: float | None = None,
        names: frozenset[str] | None = None,
    ) -> Subscription: ...

    def latest_id(self, session: str) -> int: ...

    def subscriber_count(self, session: str) -> int: ...

    async def close(self) -> None: ...

    def shutdown(self) -> None: ...


class InProcessBroker:
    """One worker's broker: a queue per subscriber and each session's latest event id."""

    def __init__(self) -> None:
        # Per session: each subscriber's queue and the event names it wants (None: all).
        self._subscribers: dict[str, dict[asyncio.Queue[Event | None], frozenset[str] | None]] = {}
        self._latest: dict[str, int] = {}  # each session's newest event id
        self._ids: dict[str, itertools.count[int]] = {}
        self.closed = False

    async def publish(self, session: str, name: str) -> Event:
        counter = self._ids.setdefault(session, itertools.count(self.latest_id(session) + 1))
        return self.deliver(Event(session, next(counter), name))

    def deliver(self, event: Event) -> Event:
        self._latest[event.session] = max(event.id, self._latest.get(event.session, 0))
        for queue, names in list(self._subscribers.get(event.session, {}).items()):
            if names is not None and event.name not in names:
                continue  # phones never render reflection events: don't wake them
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                # A stalled client: drop its backlog (each fragment is a full snapshot of
                # its region, so the newest event is all it needs).
                with contextlib.suppress(asyncio.QueueEmpty):
                    while True:
                        queue.get_nowait()
                queue.put_nowait(event)
        return event

    def latest_id(self, session: str) -> int:
        return self._latest.get(session, 0)

    def subscribe(
        self,
        session: str,
        heartbeat: float | None = None,
        names: frozenset[str] | None = None,
    ) -> Subscription:
        """Events published to ``session`` from this call on, until the broker closes.

        ``names`` limits delivery to those event names.

        The subscription is registered at once, so nothing published while the caller
        sends its first snapshot is lost. With ``heartbeat``, iteration yields ``None``
        after that many idle seconds (for keep-alives). Catching up after a reconnect is
        the stream's job: it compares ``Last-Event-ID`` with :meth:`latest_id`.
        """
        queue: asyncio.Queue[Event | None] = asyncio.Queue(maxsize=QUEUE_SIZE)
        self._subscribers.setdefault(session, {})[queue] = names
        return Subscription(self, session, queue, heartbeat)

    def unsubscribe(self, session: str, queue: asyncio.Queue[Event | None]) -> None:
        subscribers = self._subscribers.get(session)
        if subscribers is not None:
            subscribers.pop(queue, None)
            if not subscribers:
                self._subscribers.pop(session, None)

    def subscriber_count(self, session: str) -> int:
        return len(self._subscribers.get(session, ()))

    async def close(self) -> None:
        """Graceful shutdown: end every open stream."""
        self.shutdown()

    def shutdown(self) -> None:
        """End every open stream now (call from the event loop's thread)."""
        self.closed = True
        for queues in self._subscribers.values():
            for queue in queues:
                with contextlib.suppress(asyncio.QueueFull):
                    queue.put_nowait(None)


class PostgresBroker(InProcessBroker):
    """Several workers: events travel through PostgreSQL ``LISTEN``/``NOTIFY``.

    Each worker keeps its own subscribers; ``publish`` sends a NOTIFY and every worker
    (this one included) delivers what it hears to its local streams. Event ids come from
    one database sequence, so they are comparable across workers.
    """

    CHANNEL = "cyt_events"

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._listener: asyncio.Task[None] | None = None
        self._publisher: Any = None
        self._lock = asyncio.Lock()
        self._ready = asyncio.Event()

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen())
        await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def _listen(self) -> None:
        import psycopg

        async with await psycopg.AsyncConnection.connect(self._dsn, autocommit=True) as conn:
            await conn.execute("CREATE SEQUENCE IF NOT EXISTS cyt_event_id")
            await conn.execute(f"LISTEN {self.CHANNEL}")
            self._ready.set()
            async for notify in conn.notifies():
                session, _, rest = notify.payload.partition(":")
                event_id, _, name = rest.partition(":")
                self.deliver(Event(session, int(event_id), name))

    async def publish(self, session: str, name: str) -> Event:
        import psycopg

        async with self._lock:
            if self._publisher is None or self._publisher.closed:
                self._publisher = await psycopg.AsyncConnection.connect(self._dsn, autocommit=True)
            cursor = await self._publisher.execute("SELECT nextval('cyt_event_id')")
            row = await cursor.fetchone()
            event_id = int(row[0]) if row else 0
            await self._publisher.execute(
                "SELECT pg_notify(%s, %s)", (self.CHANNEL, f"{session}:{event_id}:{name}")
            )
        return Event(session, event_id, name)

    async def close(self) -> None:
        await super().close()
        if self._publisher is not None:
            await self._publisher.close()
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
