"""End-to-end wiring: the real SDKs inside our app, talking to fake platform servers on 127.0.0.1."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App
from tests.fakes.line_api import FakeLineApi
from tests.fakes.telegram_api import FakeTelegramApi

TELEGRAM_TOKEN = "123456:TEST-token"
TELEGRAM_SECRET = "webhook-secret_1"
LINE_SECRET = "line-channel-secret"
LINE_TOKEN = "line-access-token"


@dataclass
class Running:
    """One app serving both webhooks, the fakes it talks to, and an HTTP client for its server."""

    app: App
    client: TestClient
    telegram: FakeTelegramApi
    line: FakeLineApi


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeTelegramApi, FakeLineApi]]:
    async with (
        FakeTelegramApi(token=TELEGRAM_TOKEN) as telegram,
        FakeLineApi(access_token=LINE_TOKEN) as line,
    ):
        yield telegram, line


@pytest.fixture
async def serve(
    make_app: Callable[..., App], fakes: tuple[FakeTelegramApi, FakeLineApi]
) -> AsyncIterator[Callable[..., object]]:
    """Start (or restart) the app on this test's database, with any settings overridden; returns a Running."""
    telegram, line = fakes
    clients: list[TestClient] = []

    async def start(**overrides: object) -> Running:
        app = await make_app(
            telegram_token=TELEGRAM_TOKEN,
            telegram_api_url=telegram.root,
            telegram_webhook_secret=TELEGRAM_SECRET,
            line_channel_secret=LINE_SECRET,
            line_access_token=LINE_TOKEN,
            line_api_url=line.root,
            **overrides,
        )
        client = TestClient(TestServer(app.web_app()))
        await client.start_server()
        clients.append(client)
        return Running(app, client, telegram, line)

    yield start
    for client in clients:
        await client.close()
