"""LINE: the signed webhook in front of the core, answering with the reply token (free, batched)."""

from __future__ import annotations

import logging

from aiohttp import web
from linebot.v3 import WebhookParser
from linebot.v3.exceptions import InvalidSignatureError
from linebot.v3.messaging import ApiException, AsyncMessagingApi, ReplyMessageRequest
from linebot.v3.webhooks import Event

from bot.adapters.line_convert import render, to_incoming
from bot.core.processor import Processor
from bot.metrics import SEND_FAILURES

log = logging.getLogger(__name__)

SIGNATURE_HEADER = "X-Line-Signature"


class LineAdapter:
    def __init__(self, channel_secret: str, api: AsyncMessagingApi, processor: Processor) -> None:
        self.parser = WebhookParser(channel_secret)
        self.api = api
        self.processor = processor

    async def webhook(self, request: web.Request) -> web.Response:
        """POST /webhook/line: 400 on a missing or wrong signature (nothing stored), 503 when the store is down."""
        signature = request.headers.get(SIGNATURE_HEADER)
        if not signature:
            return web.json_response({"error": "missing signature"}, status=400)
        try:
            body = (await request.read()).decode("utf-8")
            events = self.parser.parse(body, signature)
        except InvalidSignatureError:
            return web.json_response({"error": "invalid signature"}, status=400)
        except (ValueError, TypeError, KeyError, UnicodeDecodeError):
            return web.json_response({"error": "malformed body"}, status=400)
        for event in events if isinstance(events, list) else []:
            try:
                await self.handle(event)
            except Exception:
                log.exception("line event %s not processed", getattr(event, "webhook_event_id", "?"))
                return web.json_response({"error": "temporarily unavailable"}, status=503)
        return web.json_response({})

    async def handle(self, event: Event) -> None:
        incoming = to_incoming(event)
        outcome = await self.processor.process(incoming)
        token = getattr(event, "reply_token", None)
        if not outcome.replies or not token or not incoming.addressed:
            return
        try:
            await self.api.reply_message(ReplyMessageRequest(reply_token=token, messages=render(outcome.replies)))
        except ApiException as exc:  # recorded already; pushing instead would spend the paid quota, so we do not
            SEND_FAILURES.labels("line").inc()
            log.warning("line reply failed (%s): %s", exc.status, exc.body)
