"""Telegram: webhook and long polling in front of the core, sending through PTB's Bot (plain messages as ready
JSON through its transport: telegram_send.py)."""

from __future__ import annotations

import asyncio
import hmac
import logging
from collections.abc import Awaitable
from typing import Any, TypeVar

from aiohttp import web
from telegram import Bot, BotCommand, BotCommandScopeAllChatAdministrators, InputFile, Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError

from bot.adapters import telegram_send
from bot.adapters.telegram_convert import caption_of, keyboard, render, render_json, to_incoming
from bot.adapters.telegram_fast import fast_incoming
from bot.adapters.telegram_inline import body_answer
from bot.adapters.webhook import BadBody, answer, load_json, read_body
from bot.core.clean import identifier
from bot.core.messages import Incoming, Platform, Reply
from bot.core.processor import Processor, StoreUnavailable
from bot.fastjson import dumps
from bot.metrics import SEND_FAILURES
from bot.outbox.telegram_sender import retry_seconds

log = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
POLL_TIMEOUT_S = 30
CALLBACK_RETRY_WAIT_S = 1.0  # a 429 asking for longer than this: the button's spinner would outlast it anyway
T = TypeVar("T")


class TelegramAdapter:
    def __init__(
        self, bot: Bot, processor: Processor, webhook_secret: str | None = None, reply_in_body: bool = False
    ) -> None:
        self.bot = bot
        self.processor = processor
        self.webhook_secret = webhook_secret
        self.reply_in_body = reply_in_body  # answer one-message replies in the webhook response (telegram_inline)
        self._ready_json = telegram_send.usable(bot)  # sendMessage as ready JSON (telegram_send)

    @property
    def username(self) -> str | None:
        try:
            return self.bot.username
        except RuntimeError:  # not initialised (getMe not called yet)
            return None

    async def webhook(self, request: web.Request) -> web.Response:
        """POST /webhook/telegram: 403 wrong secret, 413 too large, 400 not an update, 503 store down, else 200."""
        if self.webhook_secret is not None:
            given = request.headers.get(SECRET_HEADER, "")
            if not hmac.compare_digest(given.encode(), self.webhook_secret.encode()):
                return answer(403, "forbidden")
        try:
            data = load_json(await read_body(request))
        except BadBody as bad:
            return bad.response
        update_id = data.get("update_id") if isinstance(data, dict) else None
        if not isinstance(update_id, int) or isinstance(update_id, bool):
            return answer(400, "not an update")
        try:
            in_body = await self.handle_data(data)
        except StoreUnavailable:
            log.warning("telegram update %s not recorded: store unavailable", update_id)
            return answer(503, "temporarily unavailable")
        if in_body is not None:
            return web.json_response(in_body, dumps=dumps)
        return answer(200)

    async def handle_data(self, data: dict[str, Any]) -> dict[str, Any] | None:
        """Parse and handle one update; what PTB cannot parse is recorded as ignored (never raised)."""
        fast = fast_incoming(data, self.username)  # a plain private text without PTB's objects (telegram_fast.py)
        if fast is not None:
            return await self._answer(fast, None, self.reply_in_body)
        try:
            update = Update.de_json(data, self.bot)
        except Exception as exc:  # PTB's parser meets shapes it does not expect ("entities": [[]], huge dates)
            await self.processor.ignore(Platform.TELEGRAM.value, str(data["update_id"]), f"unparseable:{_name(exc)}")
            return None
        return await self.handle(update, self.reply_in_body)

    async def handle(self, update: Update, reply_in_body: bool = False) -> dict[str, Any] | None:
        """Process one update and answer it; raises only StoreUnavailable. With `reply_in_body`, a one-message
        answer is returned for the webhook response instead of sent (bot/adapters/telegram_inline.py)."""
        try:
            incoming = to_incoming(update, self.username)
        except Exception as exc:  # a parsed update with values of the wrong type (text that is a number, no chat)
            await self.processor.ignore(Platform.TELEGRAM.value, str(update.update_id), f"unusable:{_name(exc)}")
            return None
        if incoming is None:
            await self.processor.ignore(Platform.TELEGRAM.value, str(update.update_id), "unsupported update")
            return None
        query = update.callback_query
        return await self._answer(incoming, query.id if query is not None else None, reply_in_body)

    async def _answer(self, incoming: Incoming, callback_id: str | None, reply_in_body: bool) -> dict[str, Any] | None:
        outcome = await self.processor.process(incoming)
        if callback_id is not None and not outcome.duplicate:
            await self._stop_spinner(callback_id, incoming.event_id)
        if not incoming.addressed:
            return None
        chat_id = identifier(incoming.chat_id)  # as stored: a mangled id (a lone surrogate) cannot break the send
        if reply_in_body and callback_id is None:
            in_body = body_answer(chat_id, outcome.replies)
            if in_body is not None:
                return in_body
        await self.send(chat_id, outcome.replies, incoming.event_id)
        return None

    async def send(self, chat_id: str, replies: list[Reply], event_id: str = "") -> None:
        """Send each reply's parts in order. On a 429, a 5xx or a timeout the rest goes to the outbox, whose worker
        retries with backoff; a refusal (bot blocked, chat gone, bad request) is logged by event id and dropped."""
        for index, reply in enumerate(replies):
            if reply.file is not None:
                await self._safely(self._send_file(chat_id, reply))
                continue
            parts = render_json(reply) if self._ready_json else render(reply)
            for number, kwargs in enumerate(parts):
                try:
                    if self._ready_json:  # one JSON POST, PTB's handling of the answer (telegram_send.py)
                        await telegram_send.send_message(self.bot, chat_id, kwargs)
                    else:
                        await self.bot.send_message(chat_id=chat_id, **kwargs)
                except BadRequest as exc:  # a NetworkError subclass in PTB, but final
                    SEND_FAILURES.labels("telegram").inc()
                    log.warning("telegram reply to event %s refused: %s", event_id, type(exc).__name__)
                    return
                except (RetryAfter, NetworkError) as exc:
                    rest = [reply if number == 0 else _remainder(reply, parts[number:]), *replies[index + 1 :]]
                    await self._queue(chat_id, rest, event_id, type(exc).__name__)
                    return
                except TelegramError as exc:
                    SEND_FAILURES.labels("telegram").inc()
                    log.warning("telegram reply to event %s refused: %s", event_id, type(exc).__name__)
                    return

    async def _queue(self, chat_id: str, replies: list[Reply], event_id: str, reason: str) -> None:
        """Hand unsent replies to the outbox (its own transaction: the event has committed already)."""
        from bot.outbox import enqueue

        try:
            async with self.processor.sessions() as session, session.begin():
                await enqueue(
                    session,
                    Platform.TELEGRAM.value,
                    chat_id,
                    replies,
                    available_at=self.processor.services.clock(),
                    dedupe_key=f"reply:telegram:{event_id}" if event_id else None,
                    kind="reply",
                )
            log.info("telegram reply to event %s queued for retry after %s", event_id, reason)
        except Exception:
            log.exception("telegram reply to event %s lost: the outbox could not take it", event_id)

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

    async def _stop_spinner(self, query_id: str, event_id: str) -> None:
        """answerCallbackQuery: the tapped button spins until it lands. A transient failure (network, 5xx, a 429
        asking for a short wait) is retried at once, once; the outbox is no use here, since Telegram refuses answers
        to a query more than a few seconds old. What still fails is counted and logged by event id."""
        for attempt in (1, 2):
            try:
                await self.bot.answer_callback_query(query_id)
                return
            except RetryAfter as exc:
                if attempt == 2 or retry_seconds(exc) > CALLBACK_RETRY_WAIT_S:
                    failure = exc
                    break
                await asyncio.sleep(retry_seconds(exc))
            except BadRequest as exc:  # the query is too old or unknown: final (a NetworkError subclass in PTB)
                failure = exc
                break
            except NetworkError as exc:  # timeouts, 5xx, dropped connections
                failure = exc
            except TelegramError as exc:
                failure = exc
                break
        SEND_FAILURES.labels("telegram").inc()
        log.warning("telegram answerCallbackQuery for event %s failed: %s", event_id, type(failure).__name__)

    async def _safely(self, call: object) -> None:
        try:
            await call  # type: ignore[misc]
        except TelegramError as exc:  # the event is recorded; a failed answer must not make Telegram resend it
            SEND_FAILURES.labels("telegram").inc()
            log.warning("telegram call failed: %s", type(exc).__name__)

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
                log.warning("getUpdates failed: %s", type(exc).__name__)
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


def _remainder(reply: Reply, parts: list[dict[str, Any]]) -> Reply:
    """The part of a long reply still to send (its first parts went out), with the reply's buttons."""
    return Reply(text="\n".join(part["text"] for part in parts), choices=reply.choices)


def _name(exc: BaseException) -> str:
    """The exception's class name: its message may quote the update (names, text), so it is never logged."""
    return type(exc).__name__


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
