"""The PostgreSQL broker when the database goes away: a killed listener, a restart."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import psycopg
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.live.broker import RECONNECTING, RESYNC, Event, InProcessBroker, PostgresBroker
from app.live.fragments import FRAGMENTS
from app.live.stream import event_stream
from tests.conftest import POSTGRES_URL, run_async
from tests.live_helpers import create_session
from tests.pg_cluster import private_cluster

DSN = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")


async def next_named(
    events: AsyncIterator[Event | None], wanted: str, timeout: float = 20
) -> Event:
    """The next event called ``wanted`` (keep-alives and other events skipped)."""
    async with asyncio.timeout(timeout):
        while True:
            event = await anext(events)
            if event is not None and event.name == wanted:
                return event


def terminate(pid: int) -> None:
    """Kill one backend: the listener's own connection, nobody else's."""
    with psycopg.connect(DSN, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_listener_killed_reconnects_resyncs_and_carries_on(postgres_ok: bool) -> None:
    if not postgres_ok:
        pytest.skip("PostgreSQL not reachable")

    async def scenario() -> tuple[list[str], int, int]:
        listener, other = PostgresBroker(DSN), PostgresBroker(DSN)
        await listener.start()
        await other.start()
        try:
            subscription = aiter(listener.subscribe("FAULT1", names=frozenset({"state"})))
            before = await other.publish("FAULT1", "state")
            await next_named(subscription, "state")
            pid = listener.backend_pid
            assert pid is not None
            await asyncio.to_thread(terminate, pid)
            seen = [(await next_named(subscription, RECONNECTING)).name]
            resync = await next_named(subscription, RESYNC)
            seen.append(resync.name)
            assert listener.connected and listener.backend_pid != pid
            after = await other.publish("FAULT1", "state")
            event = await next_named(subscription, "state")
            assert event.id == after.id
            return seen, resync.id - before.id, listener.reconnects
        finally:
            await listener.close()
            await other.close()

    seen, gap, reconnects = run_async(scenario())
    assert seen == [RECONNECTING, RESYNC]
    assert gap > 0  # the snapshot carries a fresh id, newer than anything sent before
    assert reconnects == 1


def test_postgres_restart_listener_and_publisher_recover() -> None:
    """Stop a private PostgreSQL, publish while it is down, start it again: the publish
    retries until it goes through and the listener re-syncs its streams."""
    with private_cluster() as cluster:

        async def scenario() -> tuple[int, bool]:
            listener = PostgresBroker(cluster.dsn)
            publisher = PostgresBroker(cluster.dsn)
            await listener.start()
            await publisher.start()
            try:
                subscription = aiter(listener.subscribe("RESTART", names=frozenset({"state"})))
                await publisher.publish("RESTART", "state")
                await next_named(subscription, "state")
                await asyncio.to_thread(cluster.stop, "fast")
                await next_named(subscription, RECONNECTING)
                assert not listener.connected
                pending = asyncio.create_task(publisher.publish("RESTART", "state"))
                await asyncio.sleep(0.5)
                await asyncio.to_thread(cluster.start)
                resync = await next_named(subscription, RESYNC, timeout=30)
                sent = await asyncio.wait_for(pending, 30)
                # The publish that waited out the restart reached the listener too (or
                # the re-sync snapshot, taken after it, already covers it).
                if sent.id > resync.id:
                    assert (await next_named(subscription, "state")).id == sent.id
                return listener.reconnects, sent.id > 0
            finally:
                await listener.close()
                await publisher.close()

        reconnects, published = run_async(scenario())
        assert reconnects == 1 and published


def test_console_says_reconnecting_then_gets_a_whole_snapshot(
    app: FastAPI, client: TestClient
) -> None:
    session = create_session(client)
    broker: InProcessBroker = app.state.broker

    async def scenario() -> list[str]:
        stream = event_stream(
            app, code=session.code, view="console", lang="cy", last_event_id=None, extra={}
        )
        messages: list[str] = []

        async def until(text: str) -> None:
            async with asyncio.timeout(5):
                while True:
                    message = await anext(stream)
                    messages.append(message)
                    if text in message:
                        return

        await until(f"event: {snapshot[-1]}")  # the first snapshot's last fragment
        messages.clear()
        broker.tell_all(RECONNECTING)
        await until("event: connection")
        broker.tell_all(RESYNC, broker.latest_id(session.code) + 1)
        await until("event: connection")
        await stream.aclose()
        return messages

    snapshot = list(FRAGMENTS["console"])  # every console fragment, in the order sent
    messages = run_async(scenario())
    names = [m.split("event: ", 1)[1].split("\n", 1)[0] for m in messages if "event: " in m]
    assert names == ["connection", *snapshot, "connection"]
    assert "live-connection" in messages[0]
    assert "Reconnecting" not in messages[0]  # Welsh: the console's language
    assert "live-connection" not in messages[-1]  # the line goes once live again
