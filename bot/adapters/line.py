"""LINE: the signed webhook in front of the core, answering with the reply token (free, batched).

Each event of a batch is parsed on its own, so one event the SDK cannot read is recorded as ignored and the others
are still answered. A reply that LINE refuses, or that comes after the reply token expired, cannot be sent again
with the same token: it is logged by event id and not pushed instead (a push spends the paid quota)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from typing import Any

from aiohttp import web
from linebot.v3.messaging import ApiException, AsyncMessagingApi, ReplyMessageRequest
from linebot.v3.webhooks import Event

from bot.adapters.line_convert import render, render_json, to_incoming
from bot.adapters.line_fast import fast_incoming
from bot.adapters.line_reply import LineReplier, ReplyFailed
from bot.adapters.webhook import BadBody, answer, derived_id, load_json, read_body
from bot.core.clean import text as clean_text
from bot.core.messages import Incoming, Platform
from bot.core.processor import Processor, StoreUnavailable
from bot.metrics import SEND_FAILURES

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Line-Signature"


class LineAdapter:
    def __init__(
        self, channel_secret: str, api: AsyncMessagingApi, processor: Processor, replier: LineReplier | None = None
    ) -> None:
        self._secret = channel_secret.encode()
        self.api = api
        self.processor = processor
        self.replier = replier  # the reply call without the SDK's models (bot/adapters/line_reply.py)

    async def webhook(self, request: web.Request) -> web.Response:
        """POST /webhook/line: 401 missing or wrong signature, 413 too large, 400 not a webhook body, 503 store
        down, else 200."""
        signature = request.headers.get(SIGNATURE_HEADER, "")
        try:
            body = await read_body(request)
            if not signature or not self._signed(body, signature):
                return answer(401, "invalid signature")
            data = load_json(body)
        except BadBody as bad:
            return bad.response
        events = data.get("events") if isinstance(data, dict) else None
        if not isinstance(events, list):
            return answer(400, "not a webhook body")
        for raw in events:
            try:
                await self.handle_raw(raw)
            except StoreUnavailable:
                log.warning("line event %s not recorded: store unavailable", _event_id(raw))
                return answer(503, "temporarily unavailable")
        return answer(200)

    def _signed(self, body: bytes, signature: str) -> bool:
        expected = base64.b64encode(hmac.new(self._secret, body, hashlib.sha256).digest())
        return hmac.compare_digest(expected, signature.encode("utf-8", "replace"))

    async def handle_raw(self, raw: Any) -> None:
        """Parse one event of the batch and handle it; what the SDK cannot read is recorded as ignored."""
        fast = fast_incoming(raw)  # the common shapes without the SDK's models (bot/adapters/line_fast.py)
        if fast is not None:
            await self._answer(fast[0], fast[1])
            return
        try:
            event = Event.from_dict(raw)
            if event is None:
                raise ValueError("empty event")
            incoming = to_incoming(event)
        except Exception as exc:  # an unknown type, a missing field, a value of the wrong type
            await self.processor.ignore(Platform.LINE.value, _event_id(raw), f"unparseable:{type(exc).__name__}")
            return
        await self.handle(event, incoming)

    async def handle(self, event: Event, incoming: Incoming | None = None) -> None:
        await self._answer(incoming or to_incoming(event), getattr(event, "reply_token", None))

    async def _answer(self, incoming: Incoming, token: str | None) -> None:
        outcome = await self.processor.process(incoming)
        if not outcome.replies or not token or not incoming.addressed:
            return
        token = clean_text(token, 200)  # a mangled token (a lone surrogate) is refused by LINE, not a 500 here
        try:
            if self.replier is not None:
                await self.replier.reply(token, render_json(outcome.replies))
            else:
                await self.api.reply_message(ReplyMessageRequest(reply_token=token, messages=render(outcome.replies)))
        except (ApiException, ReplyFailed) as exc:  # recorded already; a push would spend the paid quota: not sent
            SEND_FAILURES.labels("line").inc()
            log.warning("line reply to event %s failed: HTTP %s", incoming.event_id, exc.status)


def _event_id(raw: Any) -> str:
    """The event's webhookEventId, or a stable id derived from its content when it has none."""
    if isinstance(raw, dict) and isinstance(raw.get("webhookEventId"), str) and raw["webhookEventId"]:
        return raw["webhookEventId"]
    return derived_id(raw)
