"""The Telegram update that is nearly all of the traffic, read straight from the webhook JSON, and the webhook-body
answer built as plain JSON.

A text message in a private chat is mapped to Incoming without PTB's `Update.de_json` (~0.5 ms an update: it
builds a dozen objects). Only the plain shape is read here — integer ids and date, a private chat, a human sender,
a string text and no other fields; anything else (groups, entities, replies, media, edits, callback queries, values
of another type) returns None and goes through PTB as before, so what is recorded as unparseable or unusable does
not change. tests/fuzz/test_lean_paths.py compares both paths on fuzzed updates.
"""

from __future__ import annotations

from typing import Any

from bot.adapters.telegram_convert import strip_mention
from bot.core.commands import parse_command
from bot.core.messages import ChatType, Incoming, Kind, Platform

_MESSAGE_KEYS = frozenset({"message_id", "date", "chat", "from", "text"})
_CHAT_KEYS = frozenset({"id", "type", "first_name", "last_name", "username"})
_USER_KEYS = frozenset({"id", "is_bot", "first_name", "last_name", "username", "language_code"})
_USER_TEXTS = ("first_name", "last_name", "username", "language_code")


def fast_incoming(data: dict[str, Any], bot_username: str | None) -> Incoming | None:
    """Incoming for a plain private text message, as telegram_convert.to_incoming would give; else None."""
    if data.keys() != {"update_id", "message"}:
        return None
    message = data["message"]
    if type(message) is not dict or message.keys() != _MESSAGE_KEYS:
        return None
    chat, sender, text = message["chat"], message["from"], message["text"]
    if type(text) is not str or type(message["message_id"]) is not int or not _date_ok(message["date"]):
        return None
    if not _private_chat(chat) or not _human(sender):
        return None
    base: dict[str, Any] = {
        "platform": Platform.TELEGRAM,
        "event_id": str(data["update_id"]),
        "chat_id": str(chat["id"]),
        "user_id": str(sender["id"]),
        "chat_type": ChatType.PRIVATE,
        "display_name": _full_name(sender),
    }
    command = parse_command(text)
    if command is not None:
        for_us = command.target is None or (bot_username or "").lower() == command.target.lower()
        return Incoming(
            **base,
            kind=Kind.COMMAND,
            text=text,
            command=command.name,
            args=command.args,
            addressed=for_us,
            raw_type="command",
        )
    return Incoming(**base, kind=Kind.TEXT, text=strip_mention(text, bot_username), addressed=True, raw_type="text")


def _date_ok(date: Any) -> bool:
    """A Unix time PTB turns into a datetime (huge ones overflow there and are recorded as unparseable)."""
    return type(date) is int and 0 <= date < 2**32


def _private_chat(chat: Any) -> bool:
    if type(chat) is not dict or not chat.keys() <= _CHAT_KEYS or not chat.keys() >= {"id", "type"}:
        return False
    if type(chat["id"]) is not int or chat.get("type") != "private":
        return False
    return all(type(chat[key]) is str for key in ("first_name", "last_name", "username") if key in chat)


def _human(user: Any) -> bool:
    if type(user) is not dict or not user.keys() <= _USER_KEYS or not user.keys() >= {"id", "is_bot", "first_name"}:
        return False
    if type(user["id"]) is not int or user["is_bot"] is not False or not user["first_name"]:
        return False  # an empty first name (never sent by Telegram) reads differently in PTB
    return all(type(user[key]) is str for key in _USER_TEXTS if key in user)


def _full_name(user: dict[str, Any]) -> str:
    """PTB's User.full_name."""
    last = user.get("last_name")
    return f"{user['first_name']} {last}" if last else user["first_name"]
