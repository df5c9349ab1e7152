"""Typed settings from the environment (prefix SANDBOXBOT_) and an optional .env file."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime
from pathlib import Path
from typing import Literal

from pydantic import field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ConfigError(ValueError):
    """Settings that cannot work together; the message names the variable to fix."""


def default_database_url() -> str:
    return f"sqlite+aiosqlite:///{Path.cwd() / 'sandboxbot.db'}"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="SANDBOXBOT_", env_file=".env", extra="ignore")

    database_url: str = ""
    database_pool_size: int = 20  # PostgreSQL connections per process; events beyond it wait for one
    # SQLite: NORMAL survives a crash of the bot, FULL also a power loss (an fsync per event); docs/DEPLOYMENT.md
    sqlite_synchronous: Literal["NORMAL", "FULL"] = "NORMAL"
    host: str = "127.0.0.1"
    port: int = 8080
    timezone: str = "Asia/Bangkok"
    telegram_token: str | None = None
    telegram_api_url: str = "https://api.telegram.org"
    telegram_webhook_secret: str | None = None
    line_channel_secret: str | None = None
    line_access_token: str | None = None
    line_api_url: str = "https://api.line.me"
    # the cockpit (issue 11); links use public_url below
    cockpit_link_minutes: int = 15  # a sign-in link works once, within this many minutes
    cockpit_session_hours: int = 8  # a cockpit sign-in lasts this long
    report_link_hours: int = 24  # a report download link (LINE cannot send files) lasts this long
    # --- admin commands (issue 9): signed download links for exports and charts -------------------------------
    public_url: str = ""  # where people reach `serve` (HTTPS in production: LINE loads images only over HTTPS)
    link_secret: str | None = None  # signs download links; derived from the platform secrets when not set
    link_ttl_minutes: int = 60
    # --- performance and operations (issue 12) ---
    telegram_webhook_reply: bool = False  # answer a one-message reply inside the webhook response (no result back)
    log_format: str = "text"  # "text" or "json" (one JSON object per line, for log collectors)
    # reminders and the outbox (issue 7)
    clock_start: datetime | None = None  # ISO 8601 with offset: the app's clock starts there and runs on
    reminder_offsets: str = "14,7,3,1,0,-1,-3"  # days before the due date; negative: after it
    reminder_escalate_after: str = "1,3"  # days after the due date when chair and secretary get who is late
    quiet_hours: str = "20:00-08:00"  # local time; nothing is sent then
    reminder_send_at: str = "08:00"  # the working-morning hour a reminder due in quiet time waits for
    reminder_scan_seconds: float = 5.0  # how often the worker looks for reminders that fell due
    outbox_poll_seconds: float = 1.0
    outbox_send_timeout_seconds: float = 10.0
    line_monthly_quota: int | None = None  # messages per month; unset: ask LINE's quota endpoint
    line_quota_warn_percent: int = 80

    @field_validator("sqlite_synchronous", mode="before")
    @classmethod
    def _upper(cls, value: object) -> object:
        return value.strip().upper() if isinstance(value, str) else value

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
        if self.log_format not in ("text", "json"):
            raise ConfigError("SANDBOXBOT_LOG_FORMAT must be text or json")
        if self.clock_start is not None and self.clock_start.tzinfo is None:
            raise ConfigError("SANDBOXBOT_CLOCK_START needs a UTC offset, e.g. 2027-04-23T09:00:00+07:00")
        secret = self.telegram_webhook_secret
        if secret and not (1 <= len(secret) <= 256 and all(c.isascii() and (c.isalnum() or c in "_-") for c in secret)):
            raise ConfigError("SANDBOXBOT_TELEGRAM_WEBHOOK_SECRET must be 1-256 characters of A-Z a-z 0-9 _ -")

    def signing_secret(self) -> str:
        """SANDBOXBOT_LINK_SECRET, or a key derived from the platform secrets (stable across restarts and workers);
        with neither, a random key: links then stop working when the process restarts."""
        if self.link_secret:
            return self.link_secret
        material = "|".join(
            s or "" for s in (self.telegram_token, self.line_channel_secret, self.telegram_webhook_secret)
        )
        if not material.strip("|"):
            return secrets.token_urlsafe(32)
        return hashlib.sha256(f"sandboxbot-links|{material}".encode()).hexdigest()

    def platforms(self) -> list[str]:
        return [name for name, on in (("telegram", self.telegram_on), ("line", self.line_on)) if on]
