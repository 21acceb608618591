"""Build live-session state through the public pages, as people would."""

from __future__ import annotations

import re
from dataclasses import dataclass

from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from app.models import Reflection

CSRF_FIELD = re.compile(r'name="csrf_token" value="([^"]+)"')
CSRF_HEADER = re.compile(r'"X-CSRF-Token": "([^"]+)"')


def csrf_from(html: str) -> str:
    match = CSRF_FIELD.search(html) or CSRF_HEADER.search(html)
    assert match, "no CSRF token on the page"
    return match.group(1)


@dataclass
class Facilitated:
    code: str
    console: str  # the console's path, /f/CODE: the client holds its cookie
    client: TestClient
    handover: str = ""  # path of the secret link that hands the console to a browser

    def token(self) -> str:
        return csrf_from(self.client.get(self.console).text)

    def act(self, action: str, value: str = "") -> None:
        response = self.client.post(
            f"{self.console}/action",
            data={"action": action, "value": value, "csrf_token": self.token()},
            follow_redirects=False,
        )
        assert response.status_code == 303, response.text

    def visibility(
        self, op: str, *, reflection_id: int | None = None, card: int | None = None
    ) -> None:
        data: dict[str, str] = {"op": op, "csrf_token": self.token()}
        if reflection_id is not None:
            data["reflection_id"] = str(reflection_id)
        if card is not None:
            data["card"] = str(card)
        response = self.client.post(
            f"{self.console}/reflections", data=data, follow_redirects=False
        )
        assert response.status_code == 303, response.text


def create_session(
    client: TestClient,
    *,
    title: str = "Team huddle",
    plan: str = "",
    cards: tuple[int, ...] = (1, 3, 6),
    lang: str = "en",
    k: int = 3,
) -> Facilitated:
    form = client.get("/facilitate/new").text
    data: dict[str, object] = {
        "csrf_token": csrf_from(form),
        "title": title,
        "session_lang": lang,
        "plan": plan,
        "k": str(k),
        "ask_role_group": "1",
    }
    if not plan:
        data["cards"] = [str(n) for n in cards]
    response = client.post("/facilitate/new", data=data)
    assert response.status_code == 201, response.text
    link = re.search(
        r'id="console-link"[^>]*value="https?://[^/"]+(/f/([A-Z0-9]{6})/[^"]+)"', response.text
    )
    assert link, "no console link"
    return Facilitated(
        code=link.group(2), console=f"/f/{link.group(2)}", client=client, handover=link.group(1)
    )


def phone(app: FastAPI) -> TestClient:
    """A separate device: its own cookies."""
    return TestClient(app)


def join(device: TestClient, code: str, role_group: str = "") -> None:
    page = device.get(f"/j/{code}")
    assert page.status_code == 200, page.text
    response = device.post(
        f"/j/{code}",
        data={"csrf_token": csrf_from(page.text), "role_group": role_group},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    assert response.headers["location"] == f"/s/{code}"


def reflect(
    device: TestClient,
    code: str,
    text: str,
    *,
    kind: str = "think",
    level: str = "",
    confirm: bool = True,
) -> str:
    page = device.get(f"/s/{code}").text
    data = {"csrf_token": csrf_from(page), "text": text, "kind": kind, "level": level}
    if confirm:
        data["confirm"] = "1"
    response = device.post(f"/s/{code}/reflections", data=data, follow_redirects=True)
    assert response.status_code == 200, response.text
    return response.text


def dealt_session(app: FastAPI, client: TestClient) -> tuple[Facilitated, TestClient]:
    """A session with one joined phone and the first card dealt."""
    session = create_session(client)
    device = phone(app)
    join(device, session.code)
    session.act("next")
    return session, device


def reflections_in_db(app: FastAPI) -> list[Reflection]:
    with Session(app.state.engine) as db:
        return list(db.exec(select(Reflection)).all())
