"""Shared fixtures: real app instances built by the factory, on a temporary data dir."""

from __future__ import annotations

import asyncio
import os
import uuid
import warnings
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, TypeVar

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
# TestClient sends "Host: testserver"; production defaults allow only local names and the
# host of CYT_BASE_URL (tests of the Host check pass their own allowed_hosts).
os.environ.setdefault("CYT_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1,::1")

from fastapi import FastAPI  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from app.config import Settings  # noqa: E402
from app.main import create_app  # noqa: E402

T = TypeVar("T")
FIXTURES = Path(__file__).parent / "fixtures"
POSTGRES_URL = os.environ.get(
    "CYT_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect(_libpq(POSTGRES_URL), connect_timeout=3):
            return True
    except Exception:
        return False


def _libpq(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


@pytest.fixture(scope="session")
def postgres_ok() -> bool:
    available = postgres_available()
    if not available and os.environ.get("CI"):
        pytest.fail(f"PostgreSQL is required in CI but not reachable at {POSTGRES_URL}")
    return available


@pytest.fixture
def database_url(request: pytest.FixtureRequest, postgres_ok: bool) -> Iterator[str]:
    """Empty string for SQLite in the data dir; a fresh schema for PostgreSQL."""
    backend = getattr(request, "param", "sqlite")
    if backend == "sqlite":
        yield ""
        return
    if not postgres_ok:
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    import psycopg

    schema = f"t_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    yield f"{POSTGRES_URL}?options=-csearch_path%3D{schema}"
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA {schema} CASCADE")


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    # Every test that touches the database runs on SQLite and again on PostgreSQL.
    if "database_url" in metafunc.fixturenames and "/browser/" not in str(metafunc.definition.path):
        metafunc.parametrize(
            "database_url", ["sqlite", "postgresql"], indirect=True, ids=["sqlite", "postgresql"]
        )


@pytest.fixture
def settings(tmp_path: Path, database_url: str) -> Settings:
    return Settings(
        data_dir=tmp_path / "var", secret_key="test-secret-key", database_url=database_url
    )


@pytest.fixture
def app(settings: Settings) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine on a fresh event loop in its own thread.

    Playwright's sync API keeps an event loop running in the test process's main thread,
    so ``asyncio.run`` there would fail for whichever test comes after a browser test.
    """
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()
