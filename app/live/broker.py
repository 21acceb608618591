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
import os
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any, Protocol

logger = logging.getLogger("cyt.live")
QUEUE_SIZE = 256

# Control events, delivered to every subscriber whatever names it asked for.
RESYNC = "resync"  # the broker may have missed events: send a whole fresh snapshot
RECONNECTING = "reconnecting"  # the broker lost its database connection and is retrying
CONTROL = frozenset({RESYNC, RECONNECTING})


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

    def pending(self) -> list[Event]:
        """Events already queued behind the one just read (a burst), without waiting.

        A stream renders a burst once, at its newest id: each fragment is a snapshot of
        its region, so 100 posts at once need not redraw the console 100 times.
        """
        events: list[Event] = []
        with contextlib.suppress(asyncio.QueueEmpty):
            while True:
                event = self._queue.get_nowait()
                if event is None:  # the broker is closing: leave the marker for __aiter__
                    self._queue.put_nowait(None)
                    break
                events.append(event)
        return events

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
            if names is not None and event.name not in names and event.name not in CONTROL:
                continue  # phones never render reflection events: don't wake them
            try:
                queue.put_nowait(event)
            except asyncio.QueueFull:
                # A stalled client: drop its backlog and have it re-send its whole
                # snapshot at the newest id (each fragment is a snapshot of its region).
                with contextlib.suppress(asyncio.QueueEmpty):
                    while True:
                        queue.get_nowait()
                queue.put_nowait(Event(event.session, event.id, RESYNC))
        return event

    def latest_id(self, session: str) -> int:
        return self._latest.get(session, 0)

    def tell_all(self, name: str, event_id: int | None = None) -> None:
        """Deliver a control event to every session with subscribers on this worker."""
        for session in list(self._subscribers):
            self.deliver(Event(session, event_id or self.latest_id(session), name))

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

    The database may go away (a restart, a killed connection, a network blip). Then the
    listener tells every open stream :data:`RECONNECTING` (the console says so), retries
    with back-off, and once it listens again sends every open stream :data:`RESYNC` with a
    fresh id: each stream re-sends its whole snapshot, so nothing published meanwhile is
    lost. Publishing retries too, and while the listener is down it also delivers to this
    worker's own streams directly.
    """

    CHANNEL = "cyt_events"
    BACKOFF_FIRST = 0.1  # seconds before the first reconnection attempt
    BACKOFF_MAX = 5.0
    PUBLISH_ATTEMPTS = 6  # about 6 s of retries in all before a publish gives up
    PROBE_SECONDS = 10.0  # an idle listener checks its connection this often

    def __init__(self, dsn: str) -> None:
        super().__init__()
        self._dsn = dsn
        self._listener: asyncio.Task[None] | None = None
        self._publisher: Any = None
        self._lock = asyncio.Lock()
        self._ready = asyncio.Event()
        self.connected = False
        self.backend_pid: int | None = None  # the listening connection's server process
        self.reconnects = 0
        self._queued: dict[tuple[str, str], asyncio.Future[Event]] = {}

    async def start(self) -> None:
        self._listener = asyncio.create_task(self._listen_forever())
        await asyncio.wait_for(self._ready.wait(), timeout=10)

    async def _listen_forever(self) -> None:
        delay = self.BACKOFF_FIRST
        first = True
        while not self.closed:
            try:
                await self._listen(resync=not first)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # the database went away: say so, then retry
                logger.warning("live events: listener lost (%s); reconnecting", type(exc).__name__)
            if self.closed:
                return
            if self.connected or first:
                self.connected = False
                self.backend_pid = None
                self.tell_all(RECONNECTING)
                delay = self.BACKOFF_FIRST
            first = False
            await asyncio.sleep(delay * random.uniform(0.8, 1.2))
            delay = min(delay * 2, self.BACKOFF_MAX)

    async def _listen(self, *, resync: bool) -> None:
        import psycopg

        async with await psycopg.AsyncConnection.connect(
            self._dsn,
            autocommit=True,
            connect_timeout=5,
            # Named after this process, so an operator (or a test) can find it.
            application_name=f"cyt-listen-{os.getpid()}",
        ) as conn:
            await conn.execute("CREATE SEQUENCE IF NOT EXISTS cyt_event_id")
            await conn.execute(f"LISTEN {self.CHANNEL}")
            self.backend_pid = conn.info.backend_pid
            self.connected = True
            self._ready.set()
            if resync:
                # Listening again: every open stream re-sends its snapshot under a new id,
                # so whatever was published while we were deaf reaches its screens.
                self.reconnects += 1
                logger.info("live events: listening again; refreshing open streams")
                cursor = await conn.execute("SELECT nextval('cyt_event_id')")
                row = await cursor.fetchone()
                self.tell_all(RESYNC, int(row[0]) if row else None)
            while not self.closed:
                async for notify in conn.notifies(timeout=self.PROBE_SECONDS):
                    session, _, rest = notify.payload.partition(":")
                    event_id, _, name = rest.partition(":")
                    self.deliver(Event(session, int(event_id), name))
                await conn.execute("SELECT 1")  # idle: is the connection still there?

    async def publish(self, session: str, name: str) -> Event:
        """Notify every worker; callers who arrive while the same (session, name) event is
        still waiting for the connection share it (each caller's change was committed
        before it called, so that one event, sent later, covers them all)."""
        key = (session, name)
        queued = self._queued.get(key)
        if queued is not None:
            return await asyncio.shield(queued)
        future: asyncio.Future[Event] = asyncio.get_running_loop().create_future()
        self._queued[key] = future
        try:
            event = await self._publish(session, name, future)
        except BaseException:
            if self._queued.get(key) is future:
                del self._queued[key]
            future.cancel()
            raise
        future.set_result(event)
        return event

    async def _publish(self, session: str, name: str, future: asyncio.Future[Event]) -> Event:
        delay = self.BACKOFF_FIRST
        for attempt in range(self.PUBLISH_ATTEMPTS):
            try:
                event = await self._notify(session, name, future)
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                logger.warning(
                    "live events: publish failed (%s), attempt %d", type(exc).__name__, attempt + 1
                )
                await self._drop_publisher()
                if self.closed:
                    break
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
                continue
            if not self.connected:
                self.deliver(event)  # nobody is listening here: tell this worker's streams
            return event
        # PostgreSQL is unreachable. The change itself is stored (or failed on its own);
        # this worker's streams still hear of it, and everyone else re-syncs on reconnect.
        return self.deliver(Event(session, self.latest_id(session) + 1, name))

    async def _notify(self, session: str, name: str, future: asyncio.Future[Event]) -> Event:
        import psycopg

        async with self._lock:
            if self._queued.get((session, name)) is future:
                del self._queued[(session, name)]  # from now on, callers need a new event
            if self._publisher is None or self._publisher.closed:
                self._publisher = await psycopg.AsyncConnection.connect(
                    self._dsn, autocommit=True, connect_timeout=5
                )
            # One round trip: take the next id and notify with it.
            cursor = await self._publisher.execute(
                "SELECT id, pg_notify(%s, %s || id || %s) "
                "FROM (SELECT nextval('cyt_event_id') AS id) AS next",
                (self.CHANNEL, f"{session}:", f":{name}"),
            )
            row = await cursor.fetchone()
        return Event(session, int(row[0]) if row else 0, name)

    async def _drop_publisher(self) -> None:
        publisher, self._publisher = self._publisher, None
        if publisher is not None:
            with contextlib.suppress(Exception):
                await publisher.close()

    async def close(self) -> None:
        await super().close()
        await self._drop_publisher()
        if self._listener is not None:
            self._listener.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listener
