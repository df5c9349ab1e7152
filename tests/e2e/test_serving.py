"""Start-up: the port answers before the heavy parts are built; webhooks get 503 and /healthz says `starting` until
the bot is ready; /livez is 200 throughout; each platform is taken as soon as its own adapter is up, and a platform
without credentials is never loaded (issue 10, item 10)."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

from aiohttp.test_utils import TestClient, TestServer

from bot.app import App
from bot.i18n import LANGUAGES, catalog
from bot.serving import Server
from bot.settings import Settings
from tests.e2e.conftest import LINE_SECRET, LINE_TOKEN, TELEGRAM_SECRET, TELEGRAM_TOKEN
from tests.fakes import builders

ROOT = Path(__file__).resolve().parents[2]
HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


def _settings(database_url: str, telegram: Any, line: Any = None) -> Settings:
    """Telegram against its fake, and LINE against its own when given."""
    more = (
        {"line_channel_secret": LINE_SECRET, "line_access_token": LINE_TOKEN, "line_api_url": line.root} if line else {}
    )
    return Settings(
        _env_file=None,
        database_url=database_url,
        telegram_token=TELEGRAM_TOKEN,
        telegram_api_url=telegram.root,
        telegram_webhook_secret=TELEGRAM_SECRET,
        **more,
    )


async def test_webhooks_wait_with_503_until_ready_then_are_answered(database_url, fakes):
    telegram, line = fakes
    settings = _settings(database_url, telegram, line)
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
        assert (await client.get("/cockpit")).status == 503

        catalog.cache_clear()
        app = await server.warm()
        try:
            assert catalog.cache_info().currsize == len(LANGUAGES), "every catalog read at start, not in a reply"
            assert server._later is not None
            await server._later  # the cockpit and the signed links come up right after the webhooks
            cockpit = await client.get("/cockpit")
            assert cockpit.status == 401 and "</html>" in await cockpit.text(), "the cockpit's sign-in page"
            link = await client.get("/files/not-a-token")
            assert link.status == 404 and "ไม่พบไฟล์" in await link.text(), "the download route's own answer"
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


async def test_a_restart_reads_the_warm_start_cache_and_answers_the_same(database_url, fakes, tmp_path, monkeypatch):
    """The first start saves what it tokenized (bot/thai/warmcache.py); the next reads it and computes nothing of it,
    and a question is answered as before; no message sent after ready reaches the file."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # where it goes beside PostgreSQL
    telegram, _ = fakes
    settings = _settings(database_url, telegram)
    answers = []
    for n in (1, 2):
        server = Server(settings)
        client = TestClient(TestServer(server.web_app()))
        await client.start_server()
        app = await server.warm()
        try:
            assert server._later is not None
            assert server._saving is not None
            assert await server._saving == (n == 1), "written by the first start, left alone by the second"
            warm = server._save_warm
            assert warm is not None and warm.loaded == (n == 2)
            assert warm.memo is not None and (warm.memo.added == 0) == (n == 2)
            update = json.dumps(builders.telegram_text_update(n, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่"))
            assert (await client.post("/webhook/telegram", data=update, headers=HEADERS)).status == 200
            answers.append(telegram.sent_texts(1001)[-1])
            private = json.dumps(builders.telegram_text_update(10 + n, "เบอร์โทรนายลับเฉพาะคือ 0812345678"))
            assert (await client.post("/webhook/telegram", data=private, headers=HEADERS)).status == 200
            warm.save()
            assert "ลับเฉพาะ" not in warm.path.read_text(encoding="utf-8")
        finally:
            await app.close()
            await client.close()
    assert answers[0] == answers[1] and "ครั้งที่ 2" in answers[0]


async def test_each_platform_is_taken_as_soon_as_its_adapter_is_up(database_url, fakes):
    """Telegram's SDK loads in a fraction of LINE's time: its webhook is answered while LINE's still gets 503."""
    telegram, line = fakes
    settings = _settings(database_url, telegram, line)
    server = Server(settings)
    client = TestClient(TestServer(server.web_app()))
    await client.start_server()
    app = App(settings)
    try:
        await app.start(connect_platforms=False)
        await app.connect("telegram")
        server.app = app  # the state between "telegram connected" and "line connected" during warm-up
        update = json.dumps(builders.telegram_text_update(2, "สวัสดีค่ะ"))
        assert (await client.post("/webhook/telegram", data=update, headers=HEADERS)).status == 200
        assert telegram.calls_to("sendMessage")
        body = json.dumps({"destination": "U0", "events": []})
        early = await client.post("/webhook/line", data=body, headers={"X-Line-Signature": "x"})
        assert early.status == 503 and early.headers["Retry-After"]
        health = await client.get("/healthz")
        assert health.status == 503 and await health.json() == {
            "status": "starting",
            "database": None,
            "platforms": ["telegram"],
        }
        assert (await client.get("/readyz")).status == 503
    finally:
        await app.close()
        await client.close()


async def test_a_platform_without_credentials_is_not_loaded_and_its_webhook_is_404(database_url, fakes):
    telegram, _ = fakes
    code = f"""
import asyncio, json, sys
from aiohttp.test_utils import TestClient, TestServer
from bot.serving import Server
from bot.settings import Settings

async def main():
    settings = Settings(_env_file=None, database_url={database_url!r}, telegram_token={TELEGRAM_TOKEN!r},
                        telegram_api_url={telegram.root!r}, telegram_webhook_secret={TELEGRAM_SECRET!r})
    server = Server(settings)
    client = TestClient(TestServer(server.web_app()))
    await client.start_server()
    app = await server.warm()
    line = await client.post("/webhook/line", data="{{}}")
    print(json.dumps({{"line_status": line.status, "sdk": [m for m in ("linebot", "matplotlib", "openpyxl", "docx")
                                                         if m in sys.modules]}}))
    await app.close()
    await client.close()

asyncio.run(main())
"""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-c", code, cwd=ROOT, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await proc.communicate()
    assert proc.returncode == 0, err.decode()[-2000:]
    seen = json.loads(out.decode().strip().splitlines()[-1])
    assert seen == {"line_status": 404, "sdk": []}  # nor the chart, spreadsheet and report libraries
