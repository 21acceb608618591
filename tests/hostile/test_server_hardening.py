"""A real ``cyt serve`` under attack: forged Host, leaked secrets in logs, stream floods.

Plus the code-lookup limiter (one limiter for every route that takes a join code, shared
by workers through PostgreSQL) and the HTTPS and no-store headers.
"""

from __future__ import annotations

import re
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.integration.test_serve import start, wait_ready
from tests.live_helpers import create_session, csrf_from, phone


def _stop(process: subprocess.Popen[str]) -> str:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return process.stdout.read() if process.stdout else ""


@pytest.fixture
def any_host_server(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    """A server that answers any Host (CYT_ALLOWED_HOSTS=*) and has no CYT_BASE_URL."""
    process, url = start(tmp_path, CYT_ALLOWED_HOSTS="*", CYT_BASE_URL="")
    wait_ready(url, process)
    yield process, url
    _stop(process)


def _first_event(url: str, path: str, name: str, headers: dict[str, str]) -> str:
    data: list[str] = []
    with httpx.stream("GET", url + path, headers=headers, timeout=10) as stream:
        assert stream.status_code == 200
        current = ""
        for line in stream.iter_lines():
            if line.startswith("event: "):
                current = line[7:]
            elif line.startswith("data: ") and current == name:
                data.append(line[6:])
            elif not line and data:
                return "\n".join(data)
    raise AssertionError(f"no {name} event")


def test_a_forged_host_changes_nothing_the_projector_shows(
    any_host_server: tuple[subprocess.Popen[str], str],
) -> None:
    _process, url = any_host_server
    created = httpx.post(f"{url}/api/v1/sessions", json={"title": "Host", "cards": [1]}).json()
    code = created["code"]
    assert created["join_url"] == f"{url}/j/{code}"
    evil = {"Host": "evil.example"}
    # The attacker connects first, so the rendered fragment is cached from their request.
    stage = _first_event(url, f"/s/{code}/events?view=screen", "stage", evil)
    assert "evil.example" not in stage
    assert "127.0.0.1" in stage
    again = _first_event(url, f"/s/{code}/events?view=screen", "stage", {})
    assert "evil.example" not in again
    for path in (f"/s/{code}/screen", f"/s/{code}/fragment/stage?view=screen"):
        page = httpx.get(url + path, headers=evil, timeout=10)
        assert page.status_code == 200
        assert "evil.example" not in page.text, path


def test_unknown_hosts_are_refused_by_default(tmp_path: Path) -> None:
    process, url = start(tmp_path, CYT_ALLOWED_HOSTS="", CYT_BASE_URL="https://cyt.example.org")
    try:
        wait_ready(url, process)
        created = httpx.post(f"{url}/api/v1/sessions", json={"title": "H", "cards": [1]}).json()
        assert created["join_url"].startswith("https://cyt.example.org/j/")
        for host in ("evil.example", "cyt.example.org.evil.example", "127.0.0.1.evil.example"):
            for path in ("/", f"/s/{created['code']}/events?view=screen", "/api/v1/sessions/X"):
                response = httpx.get(url + path, headers={"Host": host}, timeout=5)
                assert response.status_code == 400, (host, path)
                assert "evil" not in response.text
        for host in ("cyt.example.org", "localhost:8000", "127.0.0.1"):
            assert httpx.get(url + "/", headers={"Host": host}, timeout=5).status_code == 200
    finally:
        _stop(process)


def _break_reflections(settings_dir: Path, database_url: str) -> None:
    """Make the next reflection fail inside the database, as a real fault would."""
    if not database_url:
        with sqlite3.connect(settings_dir / "cyt.sqlite3") as conn:
            conn.execute("ALTER TABLE reflection RENAME TO reflection_moved")
        return
    import psycopg

    from tests.conftest import _libpq

    with psycopg.connect(_libpq(database_url), autocommit=True) as conn:
        conn.execute("ALTER TABLE reflection RENAME TO reflection_moved")


def test_logs_hold_no_traceback_text_or_secret(tmp_path: Path, database_url: str) -> None:
    env = {"CYT_DATABASE_URL": database_url} if database_url else {}
    process, url = start(tmp_path, **env)
    try:
        wait_ready(url, process)
        created = httpx.post(
            f"{url}/api/v1/sessions", json={"title": "Logs", "cards": [1, 2]}
        ).json()
        code, token = created["code"], created["facilitator_token"]
        auth = {"Authorization": f"Bearer {token}"}
        httpx.post(f"{url}/api/v1/sessions/{code}/actions", json={"action": "next"}, headers=auth)
        device = httpx.post(f"{url}/api/v1/sessions/{code}/join", json={}).json()["device_token"]
        with httpx.Client(base_url=url, follow_redirects=True) as browser:  # the secret link
            console = browser.get(f"/f/{code}/{token}")
            browser.post(
                f"/f/{code}/action",
                data={"action": "flip", "csrf_token": csrf_from(console.text)},
            )
        _break_reflections(tmp_path, database_url)
        typed = "Jane Smith-Watkins said SECRETWORD7 at 12 Heol y Llan"
        failed = httpx.post(
            f"{url}/api/v1/sessions/{code}/reflections",
            json={"text": typed},
            headers={"X-Device-Token": device},
        )
        assert failed.status_code == 500
        assert failed.json() == {"detail": "server error", "errors": []}
        time.sleep(0.5)
    finally:
        log = _stop(process)
    assert "OperationalError" in log or "ProgrammingError" in log, log[-2000:]
    assert "/api/v1/sessions/{code}/reflections" in log
    for secret in ("Traceback", "SECRETWORD7", "Jane", "Heol", token, device, "INSERT INTO"):
        assert secret not in log, secret
    assert f"GET /f/{code}/[secret] 303" in log
    assert f"POST /f/{code}/action" in log


def test_streams_are_capped_per_client_and_per_session(tmp_path: Path) -> None:
    process, url = start(tmp_path, CYT_STREAMS_PER_CLIENT="3", CYT_STREAMS_PER_SESSION="2")
    try:
        wait_ready(url, process)
        first = httpx.post(f"{url}/api/v1/sessions", json={"title": "A", "cards": [1]}).json()
        second = httpx.post(f"{url}/api/v1/sessions", json={"title": "B", "cards": [1]}).json()
        with httpx.Client(base_url=url, timeout=10) as client:
            opened = []
            for code in (first["code"], first["code"], second["code"]):
                stream = client.stream("GET", f"/s/{code}/events?view=phone")
                response = stream.__enter__()
                assert response.status_code == 200
                opened.append(stream)
            full = client.get(f"/s/{first['code']}/events?view=phone&lang=cy")
            # per client: the fourth from this address
            assert full.status_code == 429
            assert full.headers["retry-after"].isdigit()
            assert "Gormod o ymdrechion" in full.text
            opened.pop().__exit__(None, None, None)
            session_full = client.get(f"/s/{first['code']}/events?view=phone")
            assert session_full.status_code == 503  # the session has its two
            assert session_full.headers["retry-after"].isdigit()
            ok = client.stream("GET", f"/s/{second['code']}/events?view=phone")
            assert ok.__enter__().status_code == 200  # a place came back when one closed
            ok.__exit__(None, None, None)
            for stream in opened:
                stream.__exit__(None, None, None)
    finally:
        _stop(process)


# The code-lookup limiter -------------------------------------------------------------


def _limited(settings: Settings, misses: int = 5, lookups: int = 10_000) -> Settings:
    return settings.model_copy(
        update={"code_misses_per_window": misses, "code_lookups_per_window": lookups}
    )


LOOKUPS = (
    "/j/{c}",
    "/s/{c}",
    "/s/{c}/screen",
    "/s/{c}/fragment/card",
    "/s/{c}/events",
    "/api/v1/sessions/{c}",
    "/api/v1/sessions/{c}/themes",
    "/api/v1/sessions/{c}/export.md",
    "/join?code={c}",
)


def test_every_lookup_by_code_shares_one_limit_and_a_miss_looks_like_a_hit(
    settings: Settings,
) -> None:
    app = create_app(_limited(settings, misses=len(LOOKUPS)))
    with TestClient(app) as client:
        real = create_session(client).code
        guesses = [f"ZZZZZ{c}" for c in "ABCDEFGHJK"]
        for path, guess in zip(LOOKUPS, guesses, strict=False):
            response = client.get(path.format(c=guess), follow_redirects=False)
            assert response.status_code in (400, 404), path
        # Out of misses: every lookup from this address, of a real code too, is refused
        # alike, so a refusal says nothing about whether the code exists.
        for path in LOOKUPS[:-1]:
            hit, miss = client.get(path.format(c=real)), client.get(path.format(c="QQQQQQ"))
            assert hit.status_code == miss.status_code == 429, path
            assert hit.headers["retry-after"].isdigit()
            assert hit.text.replace(real, "CODE") == miss.text.replace("QQQQQQ", "CODE")
        api_hit = client.get(f"/api/v1/sessions/{real}")
        api_miss = client.get("/api/v1/sessions/QQQQQQ")
        assert api_hit.json() == api_miss.json() == {"detail": "too many requests", "errors": []}
        assert "Too many tries" in client.get(f"/join?code={real}").text


def test_a_room_behind_one_address_is_never_blocked(settings: Settings) -> None:
    """300 phones share a council office's address: hits are counted loosely."""
    app = create_app(_limited(settings, misses=20))
    with TestClient(app) as facilitator:
        code = create_session(facilitator).code
        for _ in range(3):  # a few people mistype the code
            assert facilitator.get("/j/QQQQQQ").status_code == 404
        for _person in range(300):
            device = phone(app) if _person < 5 else facilitator
            assert device.get(f"/j/{code}").status_code in (200, 303)
        assert facilitator.get(f"/s/{code}/screen").status_code == 200


def test_workers_share_the_limit_through_postgresql(settings: Settings, database_url: str) -> None:
    if not database_url:
        pytest.skip("the shared limiter lives in PostgreSQL")
    shared = _limited(settings, misses=4).model_copy(update={"broker": "postgres"})
    one, two = create_app(shared), create_app(shared)
    with TestClient(one) as first, TestClient(two) as second:
        for _ in range(2):
            assert first.get("/j/QQQQQQ").status_code == 404
            assert second.get("/api/v1/sessions/QQQQQQ").status_code == 404
        assert first.get("/s/QQQQQQ/screen").status_code == 429
        assert second.get("/j/QQQQQQ").status_code == 429


# Headers -----------------------------------------------------------------------------


def test_https_deployments_send_hsts(settings: Settings) -> None:
    secure = create_app(settings.model_copy(update={"secure_cookies": True}))
    with TestClient(secure) as client:
        assert "max-age=" in client.get("/").headers["strict-transport-security"]
    with TestClient(create_app(settings)) as client:
        assert "strict-transport-security" not in client.get("/").headers


def test_answers_that_show_typed_text_are_never_cached(client: TestClient) -> None:
    live = create_session(client)
    page = client.get(f"/j/{live.code}")
    client.post(f"/j/{live.code}", data={"csrf_token": csrf_from(page.text)})
    concern_page = client.get(f"/s/{live.code}/concern")
    refused = client.post(
        f"/s/{live.code}/concern",
        data={"csrf_token": csrf_from(concern_page.text), "text": "x" * 5000},
    )
    assert refused.status_code == 400
    assert refused.headers["cache-control"] == "no-store"
    for response in (
        client.post("/join", data={"csrf_token": csrf_from(page.text), "code": "<b>QQ"}),
        client.post("/facilitate/new", data={"csrf_token": csrf_from(page.text), "title": "x"}),
        client.post(
            f"/s/{live.code}/preview", data={"csrf_token": csrf_from(page.text), "text": "Jo"}
        ),
        client.post("/api/v1/redact", json={"text": "Call Jane Smith"}),
        client.get("/no/such/page"),
    ):
        assert response.headers["cache-control"] == "no-store", response.request.url
    assert re.search(r"max-age|no-store", client.get("/").headers.get("cache-control", "max-age"))
