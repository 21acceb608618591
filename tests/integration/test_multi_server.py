"""Several real `cyt serve` processes on one PostgreSQL, with and without nginx in front:
deals reach phones on every server, a killed listener or a killed server loses nothing,
and behind a proxy that buffers the stream phones still get every card by polling."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import POSTGRES_URL, run_async
from tests.live_helpers import csrf_from
from tests.servers import Phone, nginx, postgres_schema, servers

pytestmark = pytest.mark.xdist_group("multi_server")  # several processes each: not in parallel

DSN = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
TITLES = ["Placement moves", "Look past the behaviour", "One trusted adult", "Not only CSE"]


@pytest.fixture
def schema(postgres_ok: bool) -> Iterator[str]:
    if not postgres_ok:
        pytest.skip("PostgreSQL not reachable")
    with postgres_schema() as url:
        yield url


def create(base: str) -> tuple[str, dict[str, str]]:
    created = httpx.post(
        f"{base}/api/v1/sessions", json={"title": "Across servers", "cards": [1, 3, 6, 2]}
    ).json()
    return created["code"], {"Authorization": f"Bearer {created['facilitator_token']}"}


async def deal(client: httpx.AsyncClient, base: str, code: str, auth: dict[str, str]) -> None:
    response = await client.post(
        f"{base}/api/v1/sessions/{code}/actions", json={"action": "next"}, headers=auth
    )
    assert response.status_code == 200, response.text


def client() -> httpx.AsyncClient:
    return httpx.AsyncClient(timeout=httpx.Timeout(10, read=40))


def test_a_deal_on_one_server_reaches_phones_on_both_even_after_the_listener_dies(
    tmp_path: Path, schema: str
) -> None:
    with servers(tmp_path, schema, 2) as (one, two):
        code, auth = create(one.url)

        async def scenario() -> None:
            async with client() as http:
                phones = [
                    Phone(http, f"{server.url}/s/{code}/events?view=phone").start()
                    for server in (one, two)
                ]
                try:
                    for phone in phones:
                        await phone.wait_for("The first card will appear here")
                    await deal(http, one.url, code, auth)
                    for phone in phones:
                        await phone.wait_for(TITLES[0])
                    # Kill server two's LISTEN connection (its backend only).
                    import psycopg

                    with psycopg.connect(DSN, autocommit=True) as conn:
                        conn.execute(
                            "SELECT pg_terminate_backend(%s)", (two.listener_backend(DSN),)
                        )
                    await deal(http, one.url, code, auth)  # perhaps while two is deaf
                    for phone in phones:
                        await phone.wait_for(TITLES[1])
                    await deal(http, one.url, code, auth)  # after it listens again
                    for phone in phones:
                        await phone.wait_for(TITLES[2])
                    assert all(phone.connections == 1 for phone in phones)  # no reconnects
                finally:
                    for phone in phones:
                        await phone.stop()

        run_async(scenario())
        assert "listener lost" in two.log.read_text()


def test_behind_nginx_phones_of_a_killed_server_reconnect_and_carry_on(
    tmp_path: Path, schema: str
) -> None:
    with (
        servers(tmp_path, schema, 2) as (one, two),
        nginx(tmp_path, [one.port, two.port]) as proxy,
    ):
        code, auth = create(proxy.url)

        async def scenario() -> list[int]:
            async with client() as http:
                # nginx sends connections round-robin: some phones land on each server.
                phones = [
                    Phone(http, f"{proxy.url}/s/{code}/events?view=phone").start() for _ in range(6)
                ]
                try:
                    for phone in phones:
                        await phone.wait_for("The first card will appear here")
                    started = time.monotonic()
                    await deal(http, proxy.url, code, auth)
                    for phone in phones:
                        await phone.wait_for(TITLES[0], timeout=10)
                    assert time.monotonic() - started < 5  # unbuffered: promptly
                    one.kill()  # kill -9
                    await asyncio.sleep(0.5)
                    await deal(http, proxy.url, code, auth)
                    for phone in phones:
                        await phone.wait_for(TITLES[1], timeout=20)
                    await deal(http, proxy.url, code, auth)
                    for phone in phones:
                        await phone.wait_for(TITLES[2], timeout=20)
                    return [phone.connections for phone in phones]
                finally:
                    for phone in phones:
                        await phone.stop()

        connections = run_async(scenario())
        assert one.process.returncode is not None and two.process.poll() is None
        assert any(count >= 2 for count in connections), "no phone was on the killed server"


def test_nginx_passes_events_at_once_and_keeps_the_stream_open(tmp_path: Path, schema: str) -> None:
    with servers(tmp_path, schema, 1) as (one,), nginx(tmp_path, [one.port]) as proxy:
        code, _auth = create(proxy.url)

        async def scenario() -> tuple[float, int, int]:
            async with client() as http:
                phone = Phone(http, f"{proxy.url}/s/{code}/events?view=phone").start()
                try:
                    started = time.monotonic()
                    await phone.wait_for("The first card will appear here", timeout=5)
                    first = time.monotonic() - started
                    # Past the 15 s keep-alive: a second ping arrives on the same stream.
                    async with asyncio.timeout(25):
                        while sum(name == "ping" for name, _ in phone.events) < 2:
                            phone.changed.clear()
                            await phone.changed.wait()
                    return first, phone.connections, len(phone.events)
                finally:
                    await phone.stop()

        first, connections, _events = run_async(scenario())
        assert first < 2 and connections == 1


def test_behind_a_buffering_proxy_the_stream_stalls_and_polling_gets_every_card(
    tmp_path: Path, schema: str
) -> None:
    """A strict proxy (buffering on, ignoring X-Accel-Buffering) holds the stream back: the
    page sees no ping and falls back to polling (static/js/live.js), which must show each
    card the facilitator deals."""
    with (
        servers(tmp_path, schema, 1) as (one,),
        nginx(tmp_path, [one.port], buffered=True) as proxy,
    ):
        code, auth = create(proxy.url)

        async def scenario() -> list[str]:
            async with client() as http:
                phone = Phone(http, f"{proxy.url}/s/{code}/events?view=phone").start()
                try:
                    await asyncio.sleep(3)  # longer than an unbuffered ping takes
                    assert not phone.events, "the buffering proxy let the stream through"
                    shown = []
                    for title in TITLES[:3]:
                        await deal(http, proxy.url, code, auth)
                        poll = await http.get(f"{proxy.url}/s/{code}/fragment/card?view=phone")
                        assert poll.status_code == 200
                        assert title in poll.text
                        shown.append(title)
                    return shown
                finally:
                    await phone.stop()

        assert run_async(scenario()) == TITLES[:3]


def test_a_form_served_by_one_server_is_accepted_by_another(tmp_path: Path, schema: str) -> None:
    """No sticky sessions needed: behind a round-robin proxy the next request may land
    anywhere (the servers share CYT_SECRET_KEY, as docs/deploy.md says)."""
    with servers(tmp_path, schema, 2) as (one, two), httpx.Client(timeout=20) as browser:
        token = csrf_from(browser.get(f"{one.url}/facilitate/new").text)
        created = browser.post(
            f"{two.url}/facilitate/new",
            data={"csrf_token": token, "title": "Round robin", "session_lang": "en"}
            | {"plan": "", "k": "3", "cards": ["1", "3"]},
        )
        assert created.status_code == 201, created.text
    for server in (one, two):
        assert server.process.poll() is not None  # stopped on the way out
