"""Settings: defaults, platforms switched on by their credentials, half-configured platforms refused."""

from __future__ import annotations

import pytest

from bot.settings import ConfigError, Settings


def settings(**values: str) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[arg-type]


def test_defaults_are_the_embedded_store_on_localhost(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    s = settings()
    assert s.database_url == f"sqlite+aiosqlite:///{tmp_path / 'sandboxbot.db'}"
    assert (s.host, s.port, s.timezone) == ("127.0.0.1", 8080, "Asia/Bangkok")
    assert s.platforms() == []


def test_environment_and_dotenv_are_read(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("SANDBOXBOT_PORT=9090\nSANDBOXBOT_TELEGRAM_TOKEN=1:abc\n")
    monkeypatch.setenv("SANDBOXBOT_LINE_CHANNEL_SECRET", "s")
    monkeypatch.setenv("SANDBOXBOT_LINE_ACCESS_TOKEN", "t")
    s = Settings()
    assert s.port == 9090
    assert s.platforms() == ["telegram", "line"]


@pytest.mark.parametrize(
    ("values", "missing"),
    [
        ({"line_channel_secret": "s"}, "SANDBOXBOT_LINE_ACCESS_TOKEN"),
        ({"line_access_token": "t"}, "SANDBOXBOT_LINE_CHANNEL_SECRET"),
        ({"telegram_webhook_secret": "abc"}, "SANDBOXBOT_TELEGRAM_TOKEN"),
    ],
)
def test_half_a_platform_stops_start_up_naming_the_missing_variable(values, missing):
    with pytest.raises(ConfigError, match=missing):
        settings(**values).check()


def test_a_webhook_secret_telegram_would_refuse_is_caught_early():
    with pytest.raises(ConfigError, match="A-Z a-z 0-9"):
        settings(telegram_token="1:abc", telegram_webhook_secret="มีภาษาไทย").check()
