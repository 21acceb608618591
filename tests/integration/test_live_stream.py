"""Server-Sent Events: a snapshot on connect, fragments on change, catch-up on reconnect."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.live.stream import event_stream
from tests.conftest import run_async
from tests.live_helpers import create_session, dealt_session, reflect


async def take(stream: AsyncIterator[str], count: int, timeout: float = 5) -> list[str]:
    messages: list[str] = []
    async with asyncio.timeout(timeout):
        while len(messages) < count:
            message = await anext(stream)
            if message.startswith(("retry:", ":", "event: ping")):
                continue
            messages.append(message)
    return messages


def event_names(messages: list[str]) -> list[str]:
    return [
        line.split(": ", 1)[1]
        for m in messages
        for line in m.splitlines()
        if line.startswith("event:")
    ]


def test_phone_stream_sends_snapshot_then_the_dealt_card(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)

    async def scenario() -> list[str]:
        stream = event_stream(
            app, code=session.code, view="phone", lang="en", last_event_id=None, extra={}
        )
        first = await take(stream, 2)  # the card, and the (empty) evidence panel loader
        assert "The first card will appear here" in first[0]
        await asyncio.to_thread(session.act, "next")
        second = await take(stream, 1)
        await stream.aclose()
        return first + second

    messages = run_async(scenario())
    assert event_names(messages) == ["card", "evidence", "card"]
    assert "Placement moves" in messages[2]
    assert messages[2].startswith("id: ")


def test_reconnect_with_last_event_id_catches_up(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)

    async def scenario() -> tuple[list[str], list[str]]:
        stream = event_stream(
            app, code=session.code, view="screen", lang="en", last_event_id=None, extra={}
        )
        await take(stream, 3)  # stage, revealed, themes
        await stream.aclose()  # the phone's connection drops...
        await asyncio.to_thread(session.act, "next")  # ...and a card is dealt meanwhile
        missed_id = app.state.broker.latest_id(session.code) - 1
        again = event_stream(
            app, code=session.code, view="screen", lang="en", last_event_id=missed_id, extra={}
        )
        caught_up = await take(again, 1)
        await again.aclose()
        current = app.state.broker.latest_id(session.code)
        up_to_date = event_stream(
            app, code=session.code, view="screen", lang="en", last_event_id=current, extra={}
        )
        try:
            nothing = await take(up_to_date, 1, timeout=0.5)
        except TimeoutError:
            nothing = []
        await up_to_date.aclose()
        return caught_up, nothing

    caught_up, nothing = run_async(scenario())
    assert "Placement moves" in caught_up[0]
    assert nothing == []


def test_console_stream_announces_new_reflections(app: FastAPI, client: TestClient) -> None:
    session, device = dealt_session(app, client)
    base = session.console

    async def scenario() -> list[str]:
        stream = event_stream(
            app,
            code=session.code,
            view="console",
            lang="en",
            last_event_id=None,
            extra={"base": base},
        )
        await take(stream, 7)  # the snapshot: state, reflections, counts, notes, ..., evidence
        await asyncio.to_thread(reflect, device, session.code, "Relationships are what help")
        update = await take(stream, 4)
        await stream.aclose()
        return update

    update = run_async(scenario())
    assert event_names(update) == ["reflections", "counts", "themes", "evidence"]
    assert "Relationships are what help" in update[0]


def test_one_render_serves_many_streams(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)

    async def scenario() -> int:
        streams = [
            event_stream(
                app, code=session.code, view="phone", lang="en", last_event_id=None, extra={}
            )
            for _ in range(50)
        ]
        for stream in streams:
            await take(stream, 1)
        await asyncio.to_thread(session.act, "next")
        results = await asyncio.gather(*(take(stream, 1) for stream in streams))
        for stream in streams:
            await stream.aclose()
        return len({r[0] for r in results})

    assert run_async(scenario()) == 1


def test_graceful_shutdown_ends_open_streams(app: FastAPI, client: TestClient) -> None:
    session = create_session(client)

    async def scenario() -> bool:
        stream = event_stream(
            app, code=session.code, view="phone", lang="en", last_event_id=None, extra={}
        )
        await take(stream, 2)  # the card and the evidence loader
        app.state.broker.shutdown()
        try:
            async with asyncio.timeout(2):
                async for message in stream:
                    assert message.startswith(":")
        except TimeoutError:
            return False
        return True

    assert run_async(scenario())
