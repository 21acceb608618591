"""One typed settings object, read from the environment (prefix ``CYT_``)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from app.i18n import LANGUAGES
from app.limits import REFLECTION_MAX

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    """Everything the app can be configured with. Defaults suit ``make run``."""

    model_config = SettingsConfigDict(env_prefix="CYT_", env_file=None, extra="ignore")

    data_dir: Path = Field(default=PROJECT_ROOT / "var", description="Runtime data (SQLite file).")
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty means SQLite in data_dir."
    )
    cards_dir: Path = PROJECT_ROOT / "cards"
    sessions_dir: Path = PROJECT_ROOT / "sessions"
    templates_dir: Path = PROJECT_ROOT / "templates"
    static_dir: Path = PROJECT_ROOT / "static"
    default_language: str = "en"
    secret_key: str = Field(
        default="", description="Signs CSRF tokens; generated into data_dir if empty."
    )
    base_url: str = Field(default="", description="Public URL for join links and QR codes.")
    k_threshold: int = Field(
        default=3, ge=2, description="Fewest contributors before an aggregate shows."
    )
    retention_days: int = Field(default=30, ge=0)
    max_reflection_chars: int = REFLECTION_MAX
    join_rate_per_minute: int = Field(
        default=300, ge=1, description="Join attempts a minute from one address (a whole room)."
    )
    secure_cookies: bool = Field(
        default=False, description="Behind HTTPS: Secure cookies and Strict-Transport-Security."
    )
    allowed_hosts: str = Field(
        default="",
        description=(
            "Comma-separated host names this server answers to ('*' for any, '*.example.org'"
            " for subdomains); empty means localhost, 127.0.0.1, ::1 and the host of base_url."
        ),
    )
    forwarded_allow_ips: str = Field(
        default="",
        description=(
            "Proxies (comma-separated addresses) whose X-Forwarded-For names the client, so"
            " rate limits and stream caps count each client, not the proxy. Never logged."
        ),
    )
    code_misses_per_window: int = Field(
        default=300,
        ge=1,
        description="Unknown join codes one address may try per window before it must wait.",
    )
    code_lookups_per_window: int = Field(
        default=60_000,
        ge=1,
        description="Lookups of existing sessions one address may make per window (a room).",
    )
    code_window_seconds: int = Field(default=600, ge=1)
    db_pool_size: int = Field(
        default=10,
        ge=1,
        description="PostgreSQL connections one server process keeps open (see docs/deploy.md).",
    )
    db_max_overflow: int = Field(
        default=60,
        ge=0,
        description="Extra PostgreSQL connections one process may open in a burst. Keep "
        "(pool + overflow) x processes below the server's max_connections.",
    )
    streams_per_client: int = Field(
        default=600, ge=1, description="Open live streams from one address (a room behind NAT)."
    )
    streams_per_session: int = Field(
        default=2_000, ge=1, description="Open live streams for one session, in one worker."
    )
    accessibility_contact: str = Field(
        default="", description="Email address for accessibility problems (statement page)."
    )
    migrate_on_start: bool = Field(
        default=True, description="Run database migrations when the app is created."
    )
    broker: str = Field(
        default="memory",
        pattern="^(memory|postgres)$",
        description="'memory' for one worker; 'postgres' (LISTEN/NOTIFY) for several.",
    )

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError("default_language must be 'en' or 'cy'")
        return value

    def allowed_host_list(self) -> list[str]:
        """The hosts requests may name: the setting, or local names plus base_url's host."""
        if self.allowed_hosts.strip():
            return [h.strip().lower() for h in self.allowed_hosts.split(",") if h.strip()]
        hosts = ["localhost", "127.0.0.1", "::1"]
        if self.base_url:
            host = urlsplit(self.base_url).hostname
            if host:
                hosts.append(host.lower())
        return hosts

    @cached_property
    def sqlalchemy_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{self.data_dir / 'cyt.sqlite3'}"

    def ensure_data_dir(self) -> Path:
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return self.data_dir

    def resolved_secret_key(self) -> str:
        """The configured key, or one generated once and kept in the data directory."""
        if self.secret_key:
            return self.secret_key
        key_file = self.ensure_data_dir() / "secret_key"
        if not key_file.exists():
            import secrets

            key_file.write_text(secrets.token_urlsafe(48))
            key_file.chmod(0o600)
        return key_file.read_text().strip()
