"""A store outage on PostgreSQL (issue 10, item 6): a TCP proxy on 127.0.0.1 that the test controls sits between the
app and the shared server (which is never stopped). While it is cut, both webhooks answer 503 and nothing is
answered; once it is back, every redelivered event is answered exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import json

import pytest
from aiohttp.test_utils import TestClient, TestServer
from sqlalchemy.engine import make_url

from bot.app import App
from bot.settings import Settings
from tests.e2e.conftest import LINE_SECRET, LINE_TOKEN, TELEGRAM_SECRET, TELEGRAM_TOKEN
from tests.fakes import builders

TG = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


class CuttableProxy:
    """Forwards 127.0.0.1:<port> to the database; `cut()` drops every connection and refuses new ones."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, target_port)
        self.port = 0
        self._server: asyncio.Server | None = None
        self._writers: set[asyncio.StreamWriter] = set()

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port)
        self.port = self._server.sockets[0].getsockname()[1]

    async def cut(self) -> None:
        assert self._server is not None
        self._server.close()
        await self._server.wait_closed()
        self._server = None
        for writer in list(self._writers):
            writer.transport.abort()
        self._writers.clear()

    async def _accept(self, client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        server_reader, server_writer = await asyncio.open_connection(*self.target)
        self._writers |= {client_writer, server_writer}
        await asyncio.gather(self._pipe(client_reader, server_writer), self._pipe(server_reader, client_writer))

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()
        self._writers.discard(writer)


def _line_request(event: dict) -> tuple[bytes, dict[str, str]]:
    body = builders.line_body([event])
    return body, {"X-Line-Signature": builders.line_signature(LINE_SECRET, body), "Content-Type": "application/json"}


async def test_503_while_the_store_is_cut_then_every_event_answered_exactly_once(database_url, fakes, clock):
    if database_url.startswith("sqlite"):
        pytest.skip("the outage is cut on a TCP connection: PostgreSQL only")
    telegram, line = fakes
    url = make_url(database_url)
    proxy = CuttableProxy(url.host or "127.0.0.1", url.port or 5432)
    await proxy.start()
    settings = Settings(
        _env_file=None,
        database_url=url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False),
        telegram_token=TELEGRAM_TOKEN,
        telegram_api_url=telegram.root,
        telegram_webhook_secret=TELEGRAM_SECRET,
        line_channel_secret=LINE_SECRET,
        line_access_token=LINE_TOKEN,
        line_api_url=line.root,
    )
    app = App(settings, clock=clock)
    await app.start()
    client = TestClient(TestServer(app.web_app()))
    await client.start_server()
    try:
        first = builders.telegram_text_update(1, "สวัสดีค่ะ")
        assert (await client.post("/webhook/telegram", data=json.dumps(first), headers=TG)).status == 200
        assert len(telegram.sent_texts(1001)) == 1

        await proxy.cut()
        updates = [builders.telegram_text_update(n, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่") for n in (2, 3)]
        event = builders.line_text_event("หน้าที่ข้อ 4 คืออะไร", reply_token=line.issue_reply_token())
        for update in updates:
            assert (await client.post("/webhook/telegram", data=json.dumps(update), headers=TG)).status == 503
        body, headers = _line_request(event)
        assert (await client.post("/webhook/line", data=body, headers=headers)).status == 503
        assert (await client.get("/healthz")).status == 503
        assert len(telegram.sent_texts(1001)) == 1 and line.replies() == []

        await proxy.start()  # the same port: the app's URL is unchanged
        for _ in range(2):  # the platforms redeliver; a second redelivery must not answer again
            for update in updates:
                assert (await client.post("/webhook/telegram", data=json.dumps(update), headers=TG)).status == 200
            assert (await client.post("/webhook/line", data=body, headers=headers)).status == 200
        assert len(telegram.sent_texts(1001)) == 3
        assert len(line.replies()) == 1
        assert (await client.get("/healthz")).status == 200
    finally:
        await client.close()
        await app.close()
        if proxy._server is not None:
            await proxy.cut()
