"""One typed settings object, read from the environment (prefix ``CYT_``)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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
    max_reflection_chars: int = 2000
    join_rate_per_minute: int = Field(
        default=300, ge=1, description="Join attempts a minute from one address (a whole room)."
    )
    secure_cookies: bool = False
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
        if value not in ("en", "cy"):
            raise ValueError("default_language must be 'en' or 'cy'")
        return value

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
