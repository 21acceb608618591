"""The database engine, sessions, and migrations (Alembic, run on start-up)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, create_engine

from app.config import Settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def make_engine(url: str, *, pool_size: int = 10, max_overflow: int = 60) -> Engine:
    """An engine for ``url``; SQLite gets WAL, foreign keys and a busy timeout.

    PostgreSQL's pool is set by ``CYT_DB_POOL_SIZE`` and ``CYT_DB_MAX_OVERFLOW``. It must
    stay above the 30 requests that may hold a session at once plus the batch writer's
    connection (a request waits for the writer while holding its own), and all server
    processes together below PostgreSQL's ``max_connections``."""
    if url.startswith("sqlite"):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 15},
            # Enough for the 30 request sessions (see deps.DbDep) plus a live render on
            # each of the 40 worker threads. Kept open, not made per burst: a new SQLite
            # connection (with its PRAGMAs) cost ~9% of a 100-post burst (py-spy).
            pool_size=40,
            max_overflow=40,
            pool_timeout=10,
        )

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.close()

        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=pool_size,
        max_overflow=max_overflow,
        pool_timeout=10,
    )


def open_database(settings: Settings, *, run_migrations: bool = True) -> Engine:
    """The engine for ``settings`` (creating the data directory for SQLite), migrated."""
    if not settings.database_url:
        settings.ensure_data_dir()
    engine = make_engine(
        settings.sqlalchemy_url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
    )
    if run_migrations:
        migrate(engine)
    return engine


def alembic_config(url: str) -> Config:
    # Alembic is imported only when migrating: `cyt serve` migrates in a child process,
    # so the server itself never carries it (about 11 MB a worker).
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def migrate(engine: Engine) -> None:
    """Bring the schema up to date (idempotent)."""
    from alembic import command

    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def session_scope(engine: Engine) -> Iterator[Session]:
    with Session(engine, expire_on_commit=False) as session:
        yield session
