"""Server-Sent Event streams: a snapshot on (re)connect, then fragments as events arrive."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from typing import Any

from anyio import to_thread
from fastapi import FastAPI, HTTPException, Request
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

from app.live.broker import RECONNECTING, RESYNC
from app.live.fragments import FRAGMENTS, UPDATES, FragmentCache, render_fragment
from app.security import client_key
from app.text import parse_int
from app.web import render_string

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 3000
RETRY_AFTER_SECONDS = 30
CONNECTION = "connection"  # the console's "reconnecting" line
# A named event with no payload: pages count it as a sign of life; htmx swaps nothing.
PING = "event: ping\ndata: \n\n"


def sse_message(event_id: int, name: str, html: str) -> str:
    lines = html.strip().splitlines() or [""]
    data = "".join(f"data: {line}\n" for line in lines)
    return f"id: {event_id}\nevent: {name}\n{data}\n"


def _encoded(
    app: FastAPI, view: str, name: str, code: str, lang: str, extra: dict[str, Any], event_id: int
) -> str | None:
    html = render_fragment(app, view, name, code, lang, extra)
    return None if html is None else sse_message(event_id, name, html)


async def _fragment(
    app: FastAPI,
    cache: FragmentCache,
    code: str,
    event_id: int,
    view: str,
    name: str,
    lang: str,
    extra: dict[str, Any],
) -> str | None:
    """The encoded SSE message for one fragment, rendered once for every stream."""
    key = (code, event_id, view, name, lang)
    pending = cache.get(key)
    if pending is None:
        # No await between the look-up and the store: the first stream renders, the
        # others wait on the same task.
        pending = asyncio.ensure_future(
            to_thread.run_sync(_encoded, app, view, name, code, lang, extra, event_id)
        )
        cache.put(key, pending)
    result: str | None = await pending
    return result


def _connection_message(app: FastAPI, lang: str, state: str) -> str:
    """The console's connection line: "Reconnecting…" while the broker retries, else empty."""
    html = render_string(
        app.state.jinja, "partials/_live_connection.html", lang, {"connection": state}
    )
    lines = html.strip().splitlines() or [""]  # an event without data is never dispatched
    return f"event: {CONNECTION}\n" + "".join(f"data: {line}\n" for line in lines) + "\n"


def _names_for(view: str, names: set[str]) -> list[str]:
    """The fragments a burst of events refreshes, in the page's order."""
    if RESYNC in names:
        return list(FRAGMENTS[view])
    wanted = {fragment for name in names for fragment in UPDATES[view].get(name, ())}
    return [fragment for fragment in FRAGMENTS[view] if fragment in wanted]


async def event_stream(
    app: FastAPI,
    *,
    code: str,
    view: str,
    lang: str,
    last_event_id: int | None,
    extra: dict[str, Any],
) -> AsyncIterator[str]:
    broker = app.state.broker
    cache: FragmentCache = app.state.fragment_cache
    # The ping tells the page at once that events pass through (a buffering proxy would
    # hold it back, and the page then polls instead).
    yield f"retry: {RETRY_MS}\n\n{PING}"
    subscription = broker.subscribe(
        code, heartbeat=HEARTBEAT_SECONDS, names=frozenset(UPDATES[view])
    )
    reconnecting = getattr(broker, "connected", True) is False
    try:
        if reconnecting and view == "console":
            yield _connection_message(app, lang, "reconnecting")
        latest = broker.latest_id(code)
        if last_event_id is None or last_event_id != latest:
            # New or behind: send everything this audience shows, as it is now.
            for name, fragment in FRAGMENTS[view].items():
                if not fragment.snapshot:
                    continue
                message = await _fragment(app, cache, code, latest, view, name, lang, extra)
                if message is not None:
                    yield message
        async for event in subscription:
            if event is None:
                yield PING
                continue
            burst = [event, *subscription.pending()]
            newest = max(item.id for item in burst)
            controls = [item.name for item in burst if item.name in (RESYNC, RECONNECTING)]
            names = {item.name for item in burst} - {RECONNECTING}
            for name in _names_for(view, names):
                message = await _fragment(app, cache, code, newest, view, name, lang, extra)
                if message is not None:
                    yield message
            if controls:
                now_reconnecting = controls[-1] == RECONNECTING
                if view == "console" and now_reconnecting != reconnecting:
                    state = "reconnecting" if now_reconnecting else ""
                    yield _connection_message(app, lang, state)
                reconnecting = now_reconnecting
    finally:
        subscription.close()


class StreamCounter:
    """Open streams per client and per session in this worker, each under a cap.

    A room of 300 phones behind one address fits well inside the per-client cap; 2,000
    streams from one client do not. A refused stream gets 429 (or 503 when the session
    is full) with Retry-After, and the page falls back to polling (static/js/live.js).
    """

    def __init__(self, per_client: int, per_session: int) -> None:
        self.per_client = per_client
        self.per_session = per_session
        self.clients: Counter[str] = Counter()
        self.sessions: Counter[str] = Counter()

    def open(self, client: str, code: str) -> int | None:
        """Count a stream in; None when allowed, else the status to refuse it with."""
        if self.clients[client] >= self.per_client:
            return 429
        if self.sessions[code] >= self.per_session:
            return 503
        self.clients[client] += 1
        self.sessions[code] += 1
        return None

    def close(self, client: str, code: str) -> None:
        for counts, key in ((self.clients, client), (self.sessions, code)):
            counts[key] -= 1
            if counts[key] <= 0:
                del counts[key]


class CountedStream(StreamingResponse):
    """A stream that gives its place back however it ends (even before it starts)."""

    def __init__(self, content: AsyncIterator[str], release: Callable[[], None]) -> None:
        super().__init__(
            content,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )
        self._release = release

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self._release()


def sse_response(
    request: Request,
    *,
    code: str,
    view: str,
    lang: str,
    extra: dict[str, Any] | None = None,
) -> StreamingResponse:
    """A live stream for ``view``, if this client and this session are under their caps."""
    app = request.app
    streams: StreamCounter = app.state.streams
    client = client_key(request, "stream")
    refused = streams.open(client, code)
    if refused is not None:
        raise HTTPException(
            status_code=refused,
            detail="too many live connections",
            headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
        )
    last = parse_int(request.headers.get("last-event-id", ""))
    return CountedStream(
        event_stream(app, code=code, view=view, lang=lang, last_event_id=last, extra=extra or {}),
        lambda: streams.close(client, code),
    )
