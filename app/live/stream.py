"""Server-Sent Event streams: a snapshot on (re)connect, then fragments as events arrive."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from starlette.responses import StreamingResponse

from app.live.broker import RECONNECTING, RESYNC
from app.live.fragments import FRAGMENTS, UPDATES, FragmentCache, render_fragment
from app.web import render_string

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 3000
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


def sse_response(
    app: FastAPI,
    *,
    code: str,
    view: str,
    lang: str,
    last_event_id: str | None,
    extra: dict[str, Any] | None = None,
) -> StreamingResponse:
    try:
        last = int(last_event_id) if last_event_id else None
    except ValueError:
        last = None
    return StreamingResponse(
        event_stream(app, code=code, view=view, lang=lang, last_event_id=last, extra=extra or {}),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
