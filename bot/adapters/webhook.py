"""The webhook contract both platforms share: 401/403 for a wrong secret or signature, 413 over the size limit, 400
for a body that is not JSON or not an update, 503 only when the store cannot be reached, 200 for the rest (what the
bot cannot use is recorded as ignored, with its reason)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from aiohttp import web

from bot import fastjson

MAX_BODY = 1024 * 1024  # Telegram updates and LINE batches are a few KB; files never come inline


class BadBody(Exception):
    """The request cannot be an update: it is answered with `response` and nothing is recorded."""

    def __init__(self, response: web.Response) -> None:
        super().__init__(response.status)
        self.response = response


def answer(status: int, error: str | None = None) -> web.Response:
    return web.json_response({"ok": True} if error is None else {"error": error}, status=status)


async def read_body(request: web.Request) -> bytes:
    """The raw body, or BadBody(413) when it is larger than MAX_BODY (checked before and while reading)."""
    if request.content_length is not None and request.content_length > MAX_BODY:
        raise BadBody(answer(413, "body too large"))
    try:
        body = await request.read()
    except web.HTTPRequestEntityTooLarge:
        raise BadBody(answer(413, "body too large")) from None
    if len(body) > MAX_BODY:
        raise BadBody(answer(413, "body too large"))
    return body


def load_json(body: bytes) -> Any:
    """The parsed body, or BadBody(400): not JSON, not text, or nested deeper than the parser goes."""
    try:
        return fastjson.loads(body)
    except (ValueError, RecursionError, UnicodeDecodeError):
        raise BadBody(answer(400, "not JSON")) from None


def derived_id(value: Any) -> str:
    """A stable id for an event that carries none: the same bytes redelivered give the same id."""
    try:
        canonical = json.dumps(value, sort_keys=True, ensure_ascii=True, default=str)
    except (RecursionError, ValueError):
        canonical = type(value).__name__
    return "d:" + hashlib.sha256(canonical.encode()).hexdigest()[:40]
