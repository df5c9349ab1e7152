"""Start-up: the port answers before the heavy parts are built; webhooks get 503 and /healthz says `starting` until
the bot is ready; /livez is 200 throughout (issue 10, item 11)."""

from __future__ import annotations

import json

from aiohttp.test_utils import TestClient, TestServer

from bot.serving import Server
from bot.settings import Settings
from tests.e2e.conftest import LINE_SECRET, LINE_TOKEN, TELEGRAM_SECRET, TELEGRAM_TOKEN
from tests.fakes import builders

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


async def test_webhooks_wait_with_503_until_ready_then_are_answered(database_url, fakes):
    telegram, line = fakes
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        telegram_token=TELEGRAM_TOKEN,
        telegram_api_url=telegram.root,
        telegram_webhook_secret=TELEGRAM_SECRET,
        line_channel_secret=LINE_SECRET,
        line_access_token=LINE_TOKEN,
        line_api_url=line.root,
    )
    server = Server(settings)
    client = TestClient(TestServer(server.web_app()))
    await client.start_server()
    try:
        update = json.dumps(builders.telegram_text_update(1, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่"))
        assert (await client.get("/livez")).status == 200
        health = await client.get("/healthz")
        assert health.status == 503 and (await health.json())["status"] == "starting"
        early = await client.post("/webhook/telegram", data=update, headers=HEADERS)
        assert early.status == 503 and early.headers["Retry-After"]
        assert telegram.calls_to("sendMessage") == []

        app = await server.warm()
        try:
            health = await client.get("/healthz")
            assert health.status == 200 and (await health.json())["status"] == "ok"
            # Telegram delivers the same update again after the 503: now it is answered, once.
            assert (await client.post("/webhook/telegram", data=update, headers=HEADERS)).status == 200
            assert any("ครั้งที่ 2" in text for text in telegram.sent_texts(1001))
            assert (await client.post("/webhook/nowhere", data=update, headers=HEADERS)).status == 404
        finally:
            await app.close()
    finally:
        await client.close()
