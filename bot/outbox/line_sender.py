"""LINE's outbox sender: pushes with a retry key, identical messages to several users as multicasts."""

from __future__ import annotations

import json
import uuid

import aiohttp
from linebot.v3.messaging import ApiException, AsyncMessagingApi, MulticastRequest, PushMessageRequest

from bot.adapters import line_convert
from bot.outbox.errors import AlreadyDelivered, Permanent, Retryable
from bot.outbox.payload import content_of, payload_to_replies
from bot.outbox.senders import Delivery, single
from storage.models import OutboxMessage

MULTICAST_LIMIT = 500  # LINE: user ids per multicast


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
                result.append(single(row))
                continue
            content = json.dumps(content_of(row.payload), sort_keys=True, ensure_ascii=False)
            groups.setdefault((content, row.batch_key), []).append(row)
        for (_, batch_key), members in groups.items():
            if batch_key is None and len(members) == 1:
                result.append(single(members[0]))
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
