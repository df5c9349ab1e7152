"""Signed download links: genuine, single-purpose, expiring on the application's clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.admin.signing import LinkExpired, LinkInvalid, LinkSigner
from bot.settings import Settings


def test_a_link_reads_back_until_it_expires():
    now = [datetime(2026, 11, 21, 3, tzinfo=UTC)]
    signer = LinkSigner("secret", "https://bot.example/", 3600, lambda: now[0])
    url = signer.url({"k": "export", "c": 1, "d": "2026-11-21"}, "/x.xlsx")
    assert url.startswith("https://bot.example/files/") and url.endswith("/x.xlsx")
    token = url.split("/files/")[1].split("/")[0]
    assert signer.read(token) == {"k": "export", "c": 1, "d": "2026-11-21"}
    with pytest.raises(LinkInvalid):
        LinkSigner("other", "https://bot.example", 3600, lambda: now[0]).read(token)
    now[0] += timedelta(minutes=61)
    with pytest.raises(LinkExpired):
        signer.read(token)


def test_public_url_defaults_to_host_and_port_and_the_secret_is_stable():
    settings = Settings(_env_file=None, host="0.0.0.0", port=9000, telegram_token="1:A")  # type: ignore[call-arg]
    assert settings.public_url == "http://0.0.0.0:9000"
    assert settings.signing_secret() == settings.signing_secret()
    explicit = Settings(_env_file=None, public_url="https://bot.example/", link_secret="s")  # type: ignore[call-arg]
    assert (explicit.public_url, explicit.signing_secret()) == ("https://bot.example", "s")
