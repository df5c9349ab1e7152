"""sendMessage as one JSON POST built from ready JSON, with PTB's own handling of the answer.

PTB's `Bot.send_message` builds a parameter object per argument, JSON-encodes each value, URL-encodes the form and
parses the answer into a `Message` (with its `User` and `Chat`): ~13% of an event's CPU here, for a result the bot
never reads. Here the message goes as the JSON the Bot API documents (`telegram_convert.render_json`, checked
against PTB's in tests/fuzz), posted with PTB's `BaseRequest.post`: PTB's code still reads the answer, so a 429
raises `RetryAfter` (with `retry_after`), a 400 `BadRequest`, a 403 `Forbidden`, a 5xx, a timeout or a dropped
connection a `NetworkError`, exactly as `send_message` would, and the adapter's handling of them (outbox retry,
refusals logged by event id) does not change. Only our aiohttp transport knows a ready body (`ReadyJson`); with any
other transport `usable` is False and the adapter keeps PTB's `send_message`.
"""

from __future__ import annotations

from typing import Any

from telegram import Bot

from bot.adapters.ptb_aiohttp import AiohttpRequest, ReadyJson
from bot.fastjson import dumpb


def usable(bot: Bot) -> bool:
    """True when the bot's transport sends ready JSON bodies."""
    return isinstance(bot.request, AiohttpRequest)


async def send_message(bot: Bot, chat_id: str, message: dict[str, Any]) -> None:
    """POST {base_url}/sendMessage with `message` (render_json's dict: text, optional reply_markup) for the chat.
    Raises PTB's TelegramError subclasses, as `Bot.send_message` does."""
    payload = {"chat_id": int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id, **message}
    await bot.request.post(f"{bot.base_url}/sendMessage", request_data=ReadyJson(dumpb(payload)))
