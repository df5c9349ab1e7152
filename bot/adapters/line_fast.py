"""The two LINE events that are nearly all of the traffic, read straight from the webhook JSON.

A one-on-one text message and a postback (a tapped quick reply) are mapped to Incoming without line-bot-sdk's
pydantic models (~0.5 ms an event). Only the exact shape the SDK accepts is read here, with the SDK's own type rules
(strict strings, strict int timestamp, strict bool); anything else — a group, a mention, an emoji, an unknown or
missing field, a value of another type — returns None and goes through the SDK as before, so the webhook contract
(what is recorded as ignored, and why) does not change. tests/e2e/test_line_fast.py compares both paths.
"""

from __future__ import annotations

from typing import Any

from bot.core.commands import parse_command
from bot.core.messages import ChatType, Incoming, Kind, Platform

_EVENT_KEYS = frozenset({"type", "mode", "timestamp", "source", "webhookEventId", "deliveryContext", "replyToken"})
_MESSAGE_EVENT_KEYS = _EVENT_KEYS | {"message"}
_POSTBACK_EVENT_KEYS = _EVENT_KEYS | {"postback"}
_TEXT_KEYS = frozenset({"id", "type", "text", "quoteToken", "markAsReadToken", "quotedMessageId"})
_MODES = frozenset({"active", "standby"})


def fast_incoming(raw: Any) -> tuple[Incoming, str | None] | None:
    """(Incoming, reply token) for a one-on-one text message or postback in the shape LINE sends; else None."""
    if type(raw) is not dict:
        return None
    kind = raw.get("type")
    if kind == "message":
        if not raw.keys() <= _MESSAGE_EVENT_KEYS:
            return None
    elif kind == "postback":
        if not raw.keys() <= _POSTBACK_EVENT_KEYS:
            return None
    else:
        return None
    event_id, token, user_id = raw.get("webhookEventId"), raw.get("replyToken"), _user(raw)
    if (
        type(event_id) is not str
        or user_id is None
        or type(raw.get("timestamp")) is not int
        or type(raw.get("mode")) is not str
        or raw["mode"] not in _MODES
        or not _delivery_ok(raw.get("deliveryContext"))
        or not (token is None or type(token) is str)
    ):
        return None
    base: dict[str, Any] = {
        "platform": Platform.LINE,
        "event_id": event_id,
        "chat_id": user_id,
        "user_id": user_id,
        "chat_type": ChatType.PRIVATE,
        "raw_type": kind,
    }
    if kind == "postback":
        postback = raw.get("postback")
        if type(postback) is not dict or postback.keys() != {"data"} or type(postback["data"]) is not str:
            return None
        return Incoming(**base, kind=Kind.ACTION, action=postback["data"]), token
    text = _text(raw.get("message"))
    if text is None:
        return None
    command = parse_command(text)
    if command is not None:
        return Incoming(**base, kind=Kind.COMMAND, text=text, command=command.name, args=command.args), token
    return Incoming(**base, kind=Kind.TEXT, text=text, addressed=True), token


def _user(raw: dict[str, Any]) -> str | None:
    source = raw.get("source")
    if type(source) is not dict or source.keys() != {"type", "userId"} or source["type"] != "user":
        return None
    user_id = source["userId"]
    return user_id if type(user_id) is str and user_id else None


def _delivery_ok(context: Any) -> bool:
    return type(context) is dict and context.keys() == {"isRedelivery"} and type(context["isRedelivery"]) is bool


def _text(message: Any) -> str | None:
    if type(message) is not dict or type(message.get("type")) is not str or message["type"] != "text":
        return None
    if not message.keys() <= _TEXT_KEYS:
        return None
    if not all(type(message.get(key)) is str for key in ("id", "text", "quoteToken")):
        return None
    if any(key in message and type(message[key]) is not str for key in ("markAsReadToken", "quotedMessageId")):
        return None
    return message["text"]
