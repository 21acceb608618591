"""Server-Sent Event streams: a snapshot on (re)connect, then fragments as events arrive."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

from anyio import to_thread
from fastapi import FastAPI
from starlette.responses import StreamingResponse

from app.live.fragments import FRAGMENTS, UPDATES, FragmentCache, render_fragment

HEARTBEAT_SECONDS = 15.0
RETRY_MS = 3000


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
    yield f"retry: {RETRY_MS}\n\n"
    subscription = broker.subscribe(
        code, heartbeat=HEARTBEAT_SECONDS, names=frozenset(UPDATES[view])
    )
    try:
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
                yield ": keep-alive\n\n"
                continue
            for name in UPDATES[view].get(event.name, ()):
                message = await _fragment(app, cache, code, event.id, view, name, lang, extra)
                if message is not None:
                    yield message
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
