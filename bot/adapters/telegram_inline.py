"""Answering a Telegram webhook with the method call in the response body.

Telegram executes one method given as the webhook's JSON answer, which saves the bot a whole HTTPS request per
update. The bot learns nothing back (no message id, no error), so this is used only when the whole answer is one
plain sendMessage; anything else (several messages, a tapped button to acknowledge) goes through the Bot API.
"""

from __future__ import annotations

from typing import Any

from bot.adapters.telegram_convert import render_json
from bot.core.messages import Reply


def body_answer(chat_id: str, replies: list[Reply]) -> dict[str, Any] | None:
    """{"method": "sendMessage", ...} when the replies render to exactly one message, else None."""
    messages = render_json(replies[0]) if len(replies) == 1 else []
    if len(messages) != 1:
        return None
    [message] = messages
    return {"method": "sendMessage", "chat_id": int(chat_id) if _is_int(chat_id) else chat_id, **message}


def _is_int(value: str) -> bool:
    return value.lstrip("-").isdigit()
