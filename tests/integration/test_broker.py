"""The broker: in-process fan-out, and PostgreSQL LISTEN/NOTIFY across workers."""

from __future__ import annotations

import asyncio

import pytest

from app.live.broker import QUEUE_SIZE, RESYNC, InProcessBroker, PostgresBroker
from tests.conftest import POSTGRES_URL, run_async


def test_in_process_broker_fans_out_in_order() -> None:
    async def scenario() -> list[list[str]]:
        broker = InProcessBroker()
        subscriptions = [broker.subscribe("ABC123") for _ in range(3)]
        for name in ("state", "reflections", "joined"):
            await broker.publish("ABC123", name)
        await broker.publish("OTHER1", "state")  # another session: not delivered
        received: list[list[str]] = []
        for subscription in subscriptions:
            names = []
            async for event in subscription:
                assert event is not None
                names.append(event.name)
                if len(names) == 3:
                    break
            received.append(names)
        return received

    assert run_async(scenario()) == [["state", "reflections", "joined"]] * 3


def test_ids_increase_per_session_and_latest_id_tracks_them() -> None:
    async def scenario() -> tuple[list[int], int]:
        broker = InProcessBroker()
        ids = [(await broker.publish("ABC123", "state")).id for _ in range(3)]
        return ids, broker.latest_id("ABC123")

    ids, latest = run_async(scenario())
    assert ids == [1, 2, 3] and latest == 3


def test_heartbeat_yields_none_when_idle() -> None:
    async def scenario() -> object:
        broker = InProcessBroker()
        async for event in broker.subscribe("ABC123", heartbeat=0.05):
            return event
        return "no event"

    assert run_async(scenario()) is None


def test_a_stalled_subscriber_drops_its_backlog_for_one_fresh_snapshot() -> None:
    async def scenario() -> tuple[int, str]:
        broker = InProcessBroker()
        subscription = broker.subscribe("ABC123")
        for _ in range(QUEUE_SIZE + 5):
            await broker.publish("ABC123", "state")
        await broker.publish("ABC123", "reflections")
        first = await anext(aiter(subscription))
        assert first is not None
        return first.id, first.name

    event_id, name = run_async(scenario())
    assert event_id > QUEUE_SIZE and name == RESYNC


def test_closing_a_subscription_unregisters_it() -> None:
    broker = InProcessBroker()
    subscription = broker.subscribe("ABC123")
    assert broker.subscriber_count("ABC123") == 1
    subscription.close()
    assert broker.subscriber_count("ABC123") == 0


def test_postgres_broker_carries_events_between_workers(postgres_ok: bool) -> None:
    if not postgres_ok:
        pytest.skip("PostgreSQL not reachable")
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")

    async def scenario() -> list[tuple[str, str]]:
        worker_a, worker_b = PostgresBroker(dsn), PostgresBroker(dsn)
        await worker_a.start()
        await worker_b.start()
        try:
            on_b = worker_b.subscribe("PGTEST")
            on_a = worker_a.subscribe("PGTEST")
            sent = await worker_a.publish("PGTEST", "state")
            got = []
            async with asyncio.timeout(5):
                for subscription in (on_b, on_a):
                    event = await anext(aiter(subscription))
                    assert event is not None and event.id == sent.id
                    got.append((event.session, event.name))
            assert worker_b.latest_id("PGTEST") == sent.id
            return got
        finally:
            await worker_a.close()
            await worker_b.close()

    assert run_async(scenario()) == [("PGTEST", "state"), ("PGTEST", "state")]
