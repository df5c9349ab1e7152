"""An app serving both webhooks against the fake platforms, with settings of the test's choosing."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import pytest
from aiohttp.test_utils import TestClient, TestServer

from bot.app import App
from tests.e2e.conftest import LINE_SECRET, LINE_TOKEN, TELEGRAM_SECRET, TELEGRAM_TOKEN, Running, fakes  # noqa: F401


@pytest.fixture
async def serve_with(
    make_app: Callable[..., App],
    fakes: tuple,  # noqa: F811
) -> AsyncIterator[Callable[..., object]]:
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
