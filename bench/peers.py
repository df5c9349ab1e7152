"""The echo bots sandboxbot is measured against, each behind POST /webhook/telegram on 127.0.0.1.

  aiohttp  — the floor: parse the JSON, one sendMessage through a shared aiohttp session, answer 200.
  aiogram  — aiogram 3, SimpleRequestHandler(handle_in_background=False), `await message.answer(text)`.
  ptb      — python-telegram-bot's custom-webhook pattern (`.updater(None)`), `await application.process_update`.
Every peer answers only after its sendMessage returned, like sandboxbot without the in-body reply.
Run: `python -m bench.peers aiogram --port P --api http://127.0.0.1:FAKE --token 123456:TOKEN`.
Needs the `bench` extra (`pip install -e '.[bench]'`) for aiogram.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from aiohttp import ClientSession, web


async def aiohttp_echo(api: str, token: str) -> web.Application:
    session = ClientSession()
    url = f"{api}/bot{token}/sendMessage"

    async def webhook(request: web.Request) -> web.Response:
        update = json.loads(await request.read())
        message = update.get("message") or {}
        payload = {"chat_id": message["chat"]["id"], "text": message.get("text", "")}
        async with session.post(url, json=payload) as response:
            await response.read()
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/webhook/telegram", webhook)
    return app


async def aiogram_echo(api: str, token: str) -> web.Application:
    from aiogram import Bot, Dispatcher
    from aiogram.client.session.aiohttp import AiohttpSession
    from aiogram.client.telegram import TelegramAPIServer
    from aiogram.types import Message
    from aiogram.webhook.aiohttp_server import SimpleRequestHandler

    bot = Bot(token, session=AiohttpSession(api=TelegramAPIServer.from_base(api)))
    dispatcher = Dispatcher()

    @dispatcher.message()
    async def echo(message: Message) -> None:
        await message.answer(message.text or "?")

    app = web.Application()
    SimpleRequestHandler(dispatcher=dispatcher, bot=bot, handle_in_background=False).register(
        app, path="/webhook/telegram"
    )
    return app


async def ptb_echo(api: str, token: str) -> web.Application:
    from telegram import Update
    from telegram.ext import Application, ContextTypes, MessageHandler, filters

    async def echo(update: Update, _context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(update.message.text or "?")

    application = Application.builder().token(token).base_url(f"{api}/bot").updater(None).build()
    application.add_handler(MessageHandler(filters.TEXT, echo))
    await application.initialize()
    await application.start()

    async def webhook(request: web.Request) -> web.Response:
        data: Any = json.loads(await request.read())
        await application.process_update(Update.de_json(data, application.bot))
        return web.json_response({})

    app = web.Application()
    app.router.add_post("/webhook/telegram", webhook)
    return app


PEERS = {"aiohttp": aiohttp_echo, "aiogram": aiogram_echo, "ptb": ptb_echo}


async def serve(kind: str, port: int, api: str, token: str) -> None:
    app = await PEERS[kind](api, token)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, backlog=4096).start()
    print(f"{kind} echo on {port}", flush=True)
    await asyncio.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("kind", choices=sorted(PEERS))
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--api", required=True, help="root URL of the fake Bot API")
    parser.add_argument("--token", default="123456:BENCH-token")
    args = parser.parse_args()
    asyncio.run(serve(args.kind, args.port, args.api, args.token))


if __name__ == "__main__":
    main()
