"""Telegram's outbox sender: sendMessage (or a photo/document) per rendered part, within Telegram's limits."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from telegram import Bot, InputFile
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.adapters import telegram_convert
from bot.core.messages import Reply
from bot.outbox.errors import Permanent, Retryable
from bot.outbox.limits import TelegramLimits
from bot.outbox.senders import Delivery, single
from storage.models import OutboxMessage


class TelegramSender:
    """sendMessage per rendered part, within Telegram's limits; no idempotency key exists on Telegram."""

    platform = "telegram"
    claim_limit = 60  # two seconds' worth at 30 msg/s, so a claim's lease is never at risk
    concurrency = 4

    def __init__(self, bot: Bot, limits: TelegramLimits | None = None, timeout: float = 10.0) -> None:
        self.bot = bot
        self.limits = limits or TelegramLimits()
        self.timeout = timeout

    def deliveries(self, rows: list[OutboxMessage]) -> list[Delivery]:
        return [single(row) for row in rows]

    async def send(self, delivery: Delivery) -> None:
        chat_id = delivery.chat_ids[0]
        parts: list[Reply | dict[str, Any]] = []
        for reply in delivery.replies:
            parts.extend([reply] if reply.file is not None else telegram_convert.render(reply))
        done = delivery.progress.setdefault("parts", 0)
        for part in parts[done:]:
            try:
                async with self.limits.slot(chat_id):
                    await self._send_part(chat_id, part)
            except RetryAfter as exc:
                raise Retryable("telegram 429", retry_seconds(exc)) from None
            except (Forbidden, BadRequest, InvalidToken, ChatMigrated) as exc:
                raise Permanent(f"telegram {type(exc).__name__}") from None
            except NetworkError as exc:  # 5xx, timeouts, dropped connections (TimedOut is a NetworkError)
                raise Retryable(f"telegram {type(exc).__name__}") from None
            except TelegramError as exc:
                raise Permanent(f"telegram {type(exc).__name__}") from None
            delivery.progress["parts"] += 1

    async def _send_part(self, chat_id: str, part: Reply | dict[str, Any]) -> None:
        timeouts = {"read_timeout": self.timeout, "write_timeout": self.timeout}
        if isinstance(part, dict):
            await self.bot.send_message(chat_id=chat_id, **timeouts, **part)
            return
        assert part.file is not None
        upload = InputFile(part.file.data, filename=part.file.name)
        extra = {"caption": telegram_convert.caption_of(part), "reply_markup": telegram_convert.keyboard(part)}
        if part.file.kind == "photo":
            await self.bot.send_photo(chat_id=chat_id, photo=upload, **timeouts, **extra)
        else:
            await self.bot.send_document(chat_id=chat_id, document=upload, **timeouts, **extra)


def retry_seconds(exc: RetryAfter) -> float:
    value = exc._retry_after  # a timedelta; the public property warns about its int form in PTB 22
    return value.total_seconds() if isinstance(value, timedelta) else float(value)
