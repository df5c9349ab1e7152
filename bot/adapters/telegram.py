"""Telegram: webhook and long polling in front of the core, sending through PTB's Bot."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

from aiohttp import web
from telegram import Bot, BotCommand, BotCommandScopeAllChatAdministrators, InputFile, Update
from telegram.error import TelegramError

from bot.adapters.telegram_convert import caption_of, keyboard, render, to_incoming
from bot.adapters.telegram_inline import body_answer
from bot.core.messages import Reply
from bot.core.processor import Processor
from bot.fastjson import dumps, loads
from bot.metrics import SEND_FAILURES

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL_TIMEOUT_S = 30
T = TypeVar("T")


class TelegramAdapter:
    def __init__(
        self, bot: Bot, processor: Processor, webhook_secret: str | None = None, reply_in_body: bool = False
    ) -> None:
        self.bot = bot
        self.processor = processor
        self.webhook_secret = webhook_secret
        self.reply_in_body = reply_in_body  # answer one-message replies in the webhook response (telegram_inline)

    @property
    def username(self) -> str | None:
        try:
            return self.bot.username
        except RuntimeError:  # not initialised (getMe not called yet)
            return None

    async def webhook(self, request: web.Request) -> web.Response:
        """POST /webhook/telegram: 403 on a wrong secret, 400 on a malformed body, 503 when the store is down."""
        if self.webhook_secret is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.webhook_secret.encode()):
                return web.json_response({"error": "forbidden"}, status=403)
        try:
            data = loads(await request.read())
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an update")
            update = Update.de_json(data, self.bot)
        except (ValueError, TypeError, KeyError):
            return web.json_response({"error": "malformed update"}, status=400)
        try:
            in_body = await self.handle(update, self.reply_in_body)
        except Exception:
            log.exception("telegram update %s not processed", update.update_id)
            return web.json_response({"error": "temporarily unavailable"}, status=503)
        return web.json_response(in_body or {"ok": True}, dumps=dumps)

    async def handle(self, update: Update, reply_in_body: bool = False) -> dict[str, Any] | None:
        """Process one update and answer it; raises only when the update could not be recorded.
        With `reply_in_body`, a one-message answer is returned for the webhook response instead of sent."""
        incoming = to_incoming(update, self.username)
        if incoming is None:
            return None
        outcome = await self.processor.process(incoming)
        if update.callback_query is not None and not outcome.duplicate:
            await self._safely(self.bot.answer_callback_query(update.callback_query.id))
        if not incoming.addressed:
            return None
        if reply_in_body and update.callback_query is None:
            answer = body_answer(incoming.chat_id, outcome.replies)
            if answer is not None:
                return answer
        await self.send(incoming.chat_id, outcome.replies)
        return None

    async def send(self, chat_id: str, replies: list[Reply]) -> None:
        for reply in replies:
            if reply.file is not None:
                await self._safely(self._send_file(chat_id, reply))
                continue
            for kwargs in render(reply):
                await self._safely(self.bot.send_message(chat_id=chat_id, **kwargs))

    async def _send_file(self, chat_id: str, reply: Reply) -> None:
        """A document or photo with the reply's text as its caption and its choices as buttons."""
        assert reply.file is not None
        upload = InputFile(reply.file.data, filename=reply.file.name)
        extra = {"caption": caption_of(reply), "reply_markup": keyboard(reply)}
        if reply.file.kind == "photo":
            await self.bot.send_photo(chat_id=chat_id, photo=upload, **extra)
        else:
            await self.bot.send_document(chat_id=chat_id, document=upload, **extra)

    async def is_chat_admin(self, chat_id: str, user_id: str) -> bool:
        """getChatMember: is this user the group's creator or one of its administrators?"""
        try:
            member = await self.bot.get_chat_member(chat_id=int(chat_id), user_id=int(user_id))
        except (TelegramError, ValueError) as exc:
            log.warning("getChatMember failed: %s", type(exc).__name__)
            return False
        return member.status in ("creator", "administrator")

    async def download(self, file_id: str) -> bytes:
        """A file a user sent (getFile, then the file URL)."""
        file = await self.bot.get_file(file_id)
        return bytes(await file.download_as_bytearray())

    async def _safely(self, call: object) -> None:
        try:
            await call  # type: ignore[misc]
        except TelegramError as exc:  # the event is recorded; a failed answer must not make Telegram resend it
            SEND_FAILURES.labels("telegram").inc()
            log.warning("telegram send failed: %s", exc)

    async def poll(self, stop: asyncio.Event) -> None:
        """Long polling, for deployments without public HTTPS; the offset moves only past processed updates."""
        await self.bot.delete_webhook()
        offset = 0
        while not stop.is_set():
            try:
                updates = await _unless_stopped(self.bot.get_updates(offset=offset, timeout=POLL_TIMEOUT_S), stop)
            except _Stopped:
                return
            except TelegramError as exc:
                log.warning("getUpdates failed: %s", exc)
                await asyncio.sleep(2)
                continue
            for update in updates:
                try:
                    await self.handle(update)
                except Exception:
                    log.exception("update %s not processed; will retry", update.update_id)
                    await asyncio.sleep(2)
                    break
                offset = update.update_id + 1

    async def setup(
        self, webhook_url: str, commands: list[tuple[str, str]], admin_commands: list[tuple[str, str]] | None = None
    ) -> None:
        """Register the webhook (with the secret), the command menu, and the group administrators' menu."""
        await self.bot.set_webhook(
            url=webhook_url, secret_token=self.webhook_secret, allowed_updates=["message", "callback_query"]
        )
        await self.bot.set_my_commands([BotCommand(name, description) for name, description in commands])
        if admin_commands:
            await self.bot.set_my_commands(
                [BotCommand(name, description) for name, description in admin_commands],
                scope=BotCommandScopeAllChatAdministrators(),
            )


class _Stopped(Exception):
    pass


async def _unless_stopped(call: Awaitable[T], stop: asyncio.Event) -> T:
    """The call's result, or _Stopped as soon as `stop` is set (a long poll is abandoned, not waited out)."""
    task, stopping = asyncio.ensure_future(call), asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopping}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopping.cancel()
    if not task.done():
        task.cancel()
        raise _Stopped
    return task.result()
