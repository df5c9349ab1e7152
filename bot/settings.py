"""Typed settings from the environment (prefix SANDBOXBOT_) and an optional .env file."""

from __future__ import annotations

from pathlib import Path

from pydantic import model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigError(ValueError):
    """Settings that cannot work together; the message names the variable to fix."""


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{Path.cwd() / 'sandboxbot.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SANDBOXBOT_", env_file=".env", extra="ignore")

    database_url: str = ""
    host: str = "127.0.0.1"
    port: int = 8080
    timezone: str = "Asia/Bangkok"
    telegram_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_secret: str | None = None
    line_channel_secret: str | None = None
    line_access_token: str | None = None
    line_api_url: str = "https://api.line.me"
    # The address people open links at (cockpit sign-in, report downloads); default http://HOST:PORT.
    public_url: str = ""
    cockpit_link_minutes: int = 15  # a sign-in link works once, within this many minutes
    cockpit_session_hours: int = 8  # a cockpit sign-in lasts this long
    report_link_hours: int = 24  # a report download link (LINE cannot send files) lasts this long

    @model_validator(mode="after")
    def _fill_defaults(self) -> Settings:
        if not self.database_url:
            self.database_url = default_database_url()
        self.telegram_api_url = self.telegram_api_url.rstrip("/")
        self.line_api_url = self.line_api_url.rstrip("/")
        self.public_url = (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")
        return self

    @property
    def telegram_on(self) -> bool:
        return bool(self.telegram_token)

    @property
    def line_on(self) -> bool:
        return bool(self.line_channel_secret and self.line_access_token)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def check(self) -> None:
        """Refuse half-configured platforms, naming the missing variable."""
        if self.telegram_webhook_secret and not self.telegram_token:
            raise ConfigError("SANDBOXBOT_TELEGRAM_WEBHOOK_SECRET is set but SANDBOXBOT_TELEGRAM_TOKEN is missing")
        if self.line_channel_secret and not self.line_access_token:
            raise ConfigError("SANDBOXBOT_LINE_CHANNEL_SECRET is set but SANDBOXBOT_LINE_ACCESS_TOKEN is missing")
        if self.line_access_token and not self.line_channel_secret:
            raise ConfigError("SANDBOXBOT_LINE_ACCESS_TOKEN is set but SANDBOXBOT_LINE_CHANNEL_SECRET is missing")
        secret = self.telegram_webhook_secret
        if secret and not (1 <= len(secret) <= 256 and all(c.isascii() and (c.isalnum() or c in "_-") for c in secret)):
            raise ConfigError("SANDBOXBOT_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")

    def platforms(self) -> list[str]:
        return [name for name, on in (("telegram", self.telegram_on), ("line", self.line_on)) if on]
