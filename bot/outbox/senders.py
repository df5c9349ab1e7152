"""Per-platform senders: group claimed rows into deliveries, render them with the adapters' converters, send once.

A sender raises only `bot.outbox.errors` exceptions; the worker decides about retries.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

import aiohttp
from linebot.v3.messaging import ApiException, AsyncMessagingApi, MulticastRequest, PushMessageRequest
from telegram import Bot, InputFile
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TelegramError

from bot.adapters import line_convert, telegram_convert
from bot.core.messages import Reply
from bot.outbox.errors import AlreadyDelivered, Permanent, Retryable
from bot.outbox.limits import TelegramLimits
from bot.outbox.payload import content_of, payload_to_replies
from storage.models import OutboxMessage

MULTICAST_LIMIT = 500  # LINE: user ids per multicast


@dataclass(slots=True)
class Delivery:
    """One platform call's worth of rows: a single chat, or (LINE) one multicast of identical messages."""

    ids: list[int]
    chat_ids: list[str]
    replies: list[Reply]
    retry_key: str
    new_batch_key: bool = False  # a multicast formed in this claim: its key is stored on the rows first
    multicast: bool = False
    progress: dict[str, Any] = field(default_factory=dict)  # parts already sent, so a retry resumes after them


class Sender(Protocol):
    platform: str
    claim_limit: int
    concurrency: int

    def deliveries(self, rows: list[OutboxMessage]) -> list[Delivery]: ...

    async def send(self, delivery: Delivery) -> None: ...


def _single(row: OutboxMessage) -> Delivery:
    return Delivery([row.id], [row.chat_id], payload_to_replies(row.payload), row.retry_key)


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
        return [_single(row) for row in rows]

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
                raise Retryable("telegram 429", _seconds(exc)) from None
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


def _seconds(exc: RetryAfter) -> float:
    value = exc._retry_after  # a timedelta; the public property warns about its int form in PTB 22
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


class LineSender:
    """Push with X-Line-Retry-Key = the row's UUID; identical messages to several users go as multicasts."""

    platform = "line"
    claim_limit = 2000
    concurrency = 4

    def __init__(self, api: AsyncMessagingApi, timeout: float = 10.0) -> None:
        self.api = api
        self.timeout = timeout

    def deliveries(self, rows: list[OutboxMessage]) -> list[Delivery]:
        """Rows to users with the same content and no earlier batch form multicasts of ≤ 500; a row that was in a
        multicast before a crash goes again with that multicast's key; the rest are pushes."""
        result: list[Delivery] = []
        groups: dict[tuple[str, str | None], list[OutboxMessage]] = {}
        for row in rows:
            if not row.chat_id.startswith("U"):
                result.append(_single(row))
                continue
            content = json.dumps(content_of(row.payload), sort_keys=True, ensure_ascii=False)
            groups.setdefault((content, row.batch_key), []).append(row)
        for (_, batch_key), members in groups.items():
            if batch_key is None and len(members) == 1:
                result.append(_single(members[0]))
                continue
            for start in range(0, len(members), MULTICAST_LIMIT):
                chunk = members[start : start + MULTICAST_LIMIT]
                key = batch_key or str(uuid.uuid4())
                result.append(
                    Delivery(
                        [r.id for r in chunk],
                        [r.chat_id for r in chunk],
                        payload_to_replies(chunk[0].payload),
                        key,
                        new_batch_key=batch_key is None,
                        multicast=True,
                    )
                )
        return result

    async def send(self, delivery: Delivery) -> None:
        messages = line_convert.render(delivery.replies)
        try:
            if not delivery.multicast:
                request = PushMessageRequest(to=delivery.chat_ids[0], messages=messages)
                await self.api.push_message(request, x_line_retry_key=delivery.retry_key, _request_timeout=self.timeout)
            else:
                multicast = MulticastRequest(to=delivery.chat_ids, messages=messages)
                await self.api.multicast(multicast, x_line_retry_key=delivery.retry_key, _request_timeout=self.timeout)
        except ApiException as exc:
            raise _line_error(exc) from None
        except (TimeoutError, aiohttp.ClientError) as exc:
            raise Retryable(f"line {type(exc).__name__}") from None


def _line_error(exc: ApiException) -> Exception:
    status = exc.status or 0
    if status == 409:
        return AlreadyDelivered("line 409: retry key accepted before")
    if status == 429:
        if "monthly limit" in str(exc.body or ""):
            return Permanent("line 429: monthly quota spent")
        return Retryable("line 429")
    if status >= 500:
        return Retryable(f"line {status}")
    return Permanent(f"line {status}")
