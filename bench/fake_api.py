"""A lean loopback fake of the Telegram Bot API and the LINE reply endpoint, for the webhook benchmark.

The test fakes in tests/fakes check every field like the platforms do; this one answers with canned bodies the
SDKs accept (PTB, aiogram, line-bot-sdk) and only counts, so that the driver's core is spent on load, not on checks.
Run: `python -m bench.fake_api --port 0` prints the port it listens on.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import re
from collections import Counter

from aiohttp import web

BOT_USER = {
    "id": 123456,
    "is_bot": True,
    "first_name": "Bench Bot",
    "username": "bench_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}
_SENT = json.dumps(
    {
        "ok": True,
        "result": {"message_id": 1, "date": 1764000000, "chat": {"id": 1, "type": "private"}, "text": "ok"},
    }
).encode()
_TRUE = b'{"ok":true,"result":true}'
_ME = json.dumps({"ok": True, "result": BOT_USER}).encode()
_LINE_SENT = b'{"sentMessages":[{"id":"1","quoteToken":"q"}]}'
WATCHED_CHATS = 900_000_000  # sendMessage to chat ids from here on is also counted per chat (GET /chats)
# form-encoded (PTB's send_message) or JSON (our ready-JSON sendMessage)
_CHAT_ID = re.compile(rb'(?:^|&)chat_id=(9\d{8})(?:&|$)|"chat_id":\s*"?(9\d{8})\b')


class Counts:
    """Calls per method; `/stats` returns them and `/reset` clears them."""

    def __init__(self) -> None:
        self.calls: Counter[str] = Counter()
        self.chats: Counter[str] = Counter()  # sendMessage per watched chat id


def build_app(counts: Counts) -> web.Application:
    async def telegram(request: web.Request) -> web.Response:
        method = request.match_info["method"]
        body = await request.read()
        counts.calls[method] += 1
        if method == "sendMessage" and (watched := _CHAT_ID.search(body)):
            counts.chats[(watched.group(1) or watched.group(2)).decode()] += 1
        body = _ME if method == "getMe" else _SENT if method.startswith("send") else _TRUE
        return web.Response(body=body, content_type="application/json")

    async def line_reply(request: web.Request) -> web.Response:
        await request.read()
        counts.calls["line.reply"] += 1
        return web.Response(body=_LINE_SENT, content_type="application/json")

    async def line_other(request: web.Request) -> web.Response:
        await request.read()
        counts.calls["line.other"] += 1
        return web.Response(body=b"{}", content_type="application/json")

    async def stats(_request: web.Request) -> web.Response:
        return web.json_response(dict(counts.calls))

    async def chats(_request: web.Request) -> web.Response:
        return web.json_response(dict(counts.chats))

    async def reset(_request: web.Request) -> web.Response:
        counts.calls.clear()
        return web.json_response({})

    app = web.Application(client_max_size=8 * 1024**2)
    app.router.add_route("*", "/bot{token}/{method}", telegram)
    app.router.add_post("/v2/bot/message/reply", line_reply)
    app.router.add_route("*", "/v2/{tail:.*}", line_other)
    app.router.add_get("/stats", stats)
    app.router.add_get("/chats", chats)
    app.router.add_post("/reset", reset)
    return app


async def serve(port: int) -> None:
    runner = web.AppRunner(build_app(Counts()), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", port, backlog=4096)
    await site.start()
    print(runner.addresses[0][1], flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=0)
    asyncio.run(serve(parser.parse_args().port))


if __name__ == "__main__":
    main()
