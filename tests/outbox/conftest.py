"""Apps whose outbox worker talks to fake platform servers that enforce the platforms' limits."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass

import pytest

from bot.app import App
from bot.outbox.worker import OutboxWorker, RetryPolicy
from tests.fakes.line_api import FakeLineApi
from tests.fakes.telegram_api import FakeTelegramApi

TELEGRAM_TOKEN = "123456:TEST-token"
LINE_SECRET = "line-channel-secret"
LINE_TOKEN = "line-access-token"
FAST = RetryPolicy(base_wait=0.05, max_wait=2.0)


@dataclass
class Platforms:
    telegram: FakeTelegramApi
    line: FakeLineApi


@pytest.fixture
async def platforms() -> AsyncIterator[Platforms]:
    async with (
        FakeTelegramApi(token=TELEGRAM_TOKEN, enforce_limits=True) as telegram,
        FakeLineApi(access_token=LINE_TOKEN) as line,
    ):
        yield Platforms(telegram, line)


Build = Callable[..., "App"]


@pytest.fixture
def connected(make_app: Callable[..., App], platforms: Platforms) -> Callable[..., object]:
    """`app, worker = await connected()`: an app on this test's database with both platforms, and a worker."""

    async def build(policy: RetryPolicy = FAST, **overrides: object) -> tuple[App, OutboxWorker]:
        settings: dict[str, object] = {
            "telegram_token": TELEGRAM_TOKEN,
            "telegram_api_url": platforms.telegram.root,
            "line_channel_secret": LINE_SECRET,
            "line_access_token": LINE_TOKEN,
            "line_api_url": platforms.line.root,
            "outbox_send_timeout_seconds": 0.5,
            **overrides,
        }
        app = await make_app(**settings)
        worker = app.outbox_worker()
        worker.policy = policy
        return app, worker

    return build
