"""The naughty-strings battery and hand-written hostile probes, on SQLite and PostgreSQL.

Every answer must be below 500, and no payload that would be markup may come back raw in
HTML. See ``battery.py`` for how fields and strings are sampled.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from app.config import Settings
from app.main import create_app
from tests.hostile import battery
from tests.live_helpers import create_session, csrf_from


@pytest.fixture
def roomy_app(settings: Settings) -> FastAPI:
    """Limits high enough that the battery measures handling, not the rate limiter."""
    return create_app(
        settings.model_copy(
            update={
                "join_rate_per_minute": 100_000,
                "code_misses_per_window": 1_000_000,
                "code_lookups_per_window": 1_000_000,
            }
        )
    )


@pytest.fixture
def hostile(roomy_app: FastAPI) -> Iterator[TestClient]:
    with TestClient(roomy_app, raise_server_exceptions=False) as client:
        yield client


def test_naughty_strings_never_cause_a_server_error_or_raw_echo(hostile: TestClient) -> None:
    report = battery.run(hostile)
    print(f"battery: {report.sent} requests, statuses {sorted(report.by_status.items())}")
    assert report.sent > 2000
    assert not report.server_errors, report.server_errors[:20]
    assert not report.reflected, report.reflected[:20]


def test_static_and_card_paths_do_not_traverse(hostile: TestClient) -> None:
    for path in (
        "/static/../app/config.py",
        "/static/%2e%2e/%2e%2e/etc/passwd",
        "/static/..%2f..%2fpyproject.toml",
        "/static/css/..%2F..%2F..%2Fpyproject.toml",
        "/cards/..%2F..%2Fpyproject.toml",
        "/cards/%2e%2e",
        "/solo?card=../../etc/passwd",
        "/plans/..%2Fsecret_key",
    ):
        response = hostile.get(path)
        assert response.status_code in (400, 404), path
        assert "[project]" not in response.text and "root:" not in response.text


def test_huge_and_malformed_bodies_are_refused_cleanly(hostile: TestClient) -> None:
    big = hostile.post(
        "/api/v1/redact", content=b'{"text": "' + b"a" * 600_000 + b'"}', headers=_json()
    )
    assert big.status_code == 413
    assert big.json() == {"detail": "request body too large", "errors": []}
    chunked = hostile.post(
        "/api/v1/redact", content=iter([b'{"text": "', b"a" * 300_000, b'"}']), headers=_json()
    )
    assert chunked.status_code == 413
    for body in (b"{", b'{"text": ', b"[" * 100_000, b"\xff\xfe\x00", b'{"text": "\\ud800"}'):
        response = hostile.post("/api/v1/redact", content=body, headers=_json())
        assert response.status_code in (200, 422), body[:20]
        assert set(response.json()) <= {"detail", "errors", "redacted", "removed"}
    form = hostile.post(
        "/join", content=b"code=" + b"%" * 10 + b"&&&=&", headers={"Content-Type": _FORM}
    )
    assert form.status_code in (400, 403)
    bad_length = hostile.post("/join", content=b"x", headers={"Content-Length": "²".encode()})
    assert bad_length.status_code in (400, 403)


def test_wrong_content_types_are_refused(hostile: TestClient) -> None:
    multipart = hostile.post("/join", files={"code": ("a.txt", b"ABCDEF")})
    assert multipart.status_code == 415
    plain = hostile.post(
        "/api/v1/sessions", content=b"title=x", headers={"Content-Type": "text/plain"}
    )
    assert plain.status_code == 422
    assert set(plain.json()) == {"detail", "errors"}
    xml = hostile.post(
        "/api/v1/sessions", content=b"<x/>", headers={"Content-Type": "application/xml"}
    )
    assert xml.status_code == 422


def test_head_and_options_never_fail(hostile: TestClient) -> None:
    live = create_session(hostile)
    for path in ("/", "/cards", f"/j/{live.code}", f"/s/{live.code}/screen", "/api/v1/redact"):
        for method in ("HEAD", "OPTIONS", "PUT", "DELETE", "PATCH"):
            response = hostile.request(method, path)
            assert response.status_code < 500, (method, path)


def test_export_filenames_cannot_inject_headers(hostile: TestClient) -> None:
    title = 'Evil"\r\nSet-Cookie: pwned=1; \\ "name\u202e.exe'
    created = hostile.post("/api/v1/sessions", json={"title": title, "cards": [1]})
    assert created.status_code == 201
    body = created.json()
    auth = {"Authorization": f"Bearer {body['facilitator_token']}"}
    for fmt in ("md", "csv", "json", "html", "docx"):
        response = hostile.get(f"/api/v1/sessions/{body['code']}/export.{fmt}", headers=auth)
        assert response.status_code == 200, fmt
        disposition = response.headers["content-disposition"]
        assert "\r" not in disposition and "\n" not in disposition
        assert "pwned" not in response.headers.get("set-cookie", "")
        assert re.fullmatch(r'(attachment|inline); filename="[A-Za-z0-9._-]+"', disposition)


def test_no_open_redirect_through_paths_or_the_language_link(hostile: TestClient) -> None:
    for path in ("/%2F%2Fevil.example", "/%5C%5Cevil.example", "/%2F/evil.example/%2e%2e"):
        response = hostile.get(path, follow_redirects=False)
        location = response.headers.get("location", "")
        assert not location.startswith(("//", "/\\", "http")), path
        links = re.findall(r'href="([^"]+)"', response.text)
        assert not [link for link in links if link.startswith(("//", "/\\"))], links
    for target in ("/join?next=https://evil.example", "/?lang=cy&next=//evil.example"):
        response = hostile.get(target, follow_redirects=False)
        assert "evil.example" not in response.headers.get("location", "")


def test_csrf_tokens_of_any_bytes_get_403(hostile: TestClient) -> None:
    page = hostile.get("/join").text
    token = csrf_from(page)
    for sent in ("é".encode(), b"\xff\xfe", "²".encode(), token.encode() + b"\xc3\xa9"):
        response = hostile.post("/join", data={"code": "ABCDEF"}, headers={"X-CSRF-Token": sent})
        assert response.status_code == 403
    hostile.cookies.clear()
    cookie = ("cyt_csrf=" + "é" * 30).encode()
    response = hostile.post(
        "/join", data={"code": "ABCDEF", "csrf_token": token}, headers={"Cookie": cookie}
    )
    assert response.status_code == 403


_FORM = "application/x-www-form-urlencoded"


def _json() -> dict[str, str]:
    return {"Content-Type": "application/json"}
