"""Factories for platform payloads in end-to-end tests: Telegram updates and LINE webhook events.

The shapes follow the Bot API and the LINE Messaging API closely enough that the real SDKs
(`telegram.Update.de_json`, `linebot.v3.WebhookParser`) parse them into their typed objects.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import time
from typing import Any

TELEGRAM_GROUP_TITLE = "กลุ่มทดสอบ"
LINE_USER_ID = "U1a2b3c4d5e6f708192a3b4c5d6e7f809"
LINE_GROUP_ID = "C0f1e2d3c4b5a69788796a5b4c3d2e1f0"
LINE_BOT_USER_ID = "Ub07e5a1d2c3f4e5d6c7b8a9f0e1d2c3b"

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


# --- Telegram ---------------------------------------------------------------------------------


def telegram_bot_user(bot_id: int) -> dict[str, Any]:
    """The bot's own User object, as getMe returns it."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "Sandbox Bot",
        "username": "sandbox_test_bot",
        "can_join_groups": True,
        "can_read_all_group_messages": False,
        "supports_inline_queries": False,
        "can_connect_to_business": False,
        "has_main_web_app": False,
    }


def telegram_chat(chat_id: int, first_name: str = "สมชาย") -> dict[str, Any]:
    """A Chat object: private for positive ids, supergroup for -100… ids, otherwise group."""
    if chat_id > 0:
        return {"id": chat_id, "type": "private", "first_name": first_name}
    kind = "supergroup" if chat_id <= -1_000_000_000_000 else "group"
    return {"id": chat_id, "type": kind, "title": TELEGRAM_GROUP_TITLE}


def telegram_message_update(
    update_id: int,
    content: dict[str, Any],
    chat_id: int = 1001,
    user_id: int = 1001,
    chat_type: str = "private",
    first_name: str = "สมชาย",
) -> dict[str, Any]:
    """An Update carrying a user's message; `content` adds text/photo/… fields. message_id = update_id."""
    chat = telegram_chat(chat_id, first_name)
    if chat["type"] != chat_type:
        raise ValueError(f"chat_id {chat_id} is a {chat['type']} chat, not {chat_type} (groups are negative)")
    sender = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "th"}
    message = {"message_id": update_id, "from": sender, "chat": chat, "date": int(time.time()), **content}
    return {"update_id": update_id, "message": message}


def telegram_text_update(
    update_id: int,
    text: str,
    chat_id: int = 1001,
    user_id: int = 1001,
    chat_type: str = "private",
    first_name: str = "สมชาย",
) -> dict[str, Any]:
    """A text message; a leading "/command" gets its bot_command entity like Telegram adds."""
    content: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        command = text.split(maxsplit=1)[0]
        content["entities"] = [{"type": "bot_command", "offset": 0, "length": _utf16_len(command)}]
    return telegram_message_update(update_id, content, chat_id, user_id, chat_type, first_name)


def telegram_callback_update(
    update_id: int,
    data: str,
    chat_id: int = 1001,
    user_id: int = 1001,
    message_id: int = 1,
    bot_id: int = 123,
    first_name: str = "สมชาย",
) -> dict[str, Any]:
    """A tap on the inline button carrying `data` under bot message `message_id`."""
    message = {
        "message_id": message_id,
        "from": telegram_bot_user(bot_id),
        "chat": telegram_chat(chat_id, first_name),
        "date": int(time.time()) - 60,
        "text": "เลือกรายการ",
        "reply_markup": {"inline_keyboard": [[{"text": "เลือก", "callback_data": data}]]},
    }
    query = {
        "id": str(4_000_000_000_000_000_000 + update_id),
        "from": {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "th"},
        "message": message,
        "chat_instance": str(-7_000_000_000_000_000_000 + abs(chat_id)),
        "data": data,
    }
    return {"update_id": update_id, "callback_query": query}


def telegram_sticker_update(
    update_id: int,
    emoji: str = "👍",
    chat_id: int = 1001,
    user_id: int = 1001,
    chat_type: str = "private",
) -> dict[str, Any]:
    """A regular (static) sticker."""
    sticker = {
        **_telegram_file_ids("CAACAgIAAxkBAAI", update_id),
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": emoji,
        "set_name": "SandboxTestStickers",
        "file_size": 23_456,
    }
    return telegram_message_update(update_id, {"sticker": sticker}, chat_id, user_id, chat_type)


def telegram_photo_update(
    update_id: int,
    caption: str | None = None,
    file_size: int = 85_000,
    chat_id: int = 1001,
    user_id: int = 1001,
    chat_type: str = "private",
) -> dict[str, Any]:
    """A photo in three sizes like Telegram sends; the largest (last) has `file_size`."""
    sizes = [
        {**_telegram_file_ids(f"AgACAgUAAxkBAAI{side}", update_id), "width": side, "height": side * 3 // 4}
        for side in (90, 320, 1280)
    ]
    for size, bytes_ in zip(sizes, (file_size // 60 + 1, file_size // 8 + 1, file_size), strict=True):
        size["file_size"] = bytes_
    content: dict[str, Any] = {"photo": sizes}
    if caption is not None:
        content["caption"] = caption
    return telegram_message_update(update_id, content, chat_id, user_id, chat_type)


def telegram_document_update(
    update_id: int,
    file_name: str = "แผนการสอน.pdf",
    mime_type: str = "application/pdf",
    file_size: int = 120_000,
    caption: str | None = None,
    chat_id: int = 1001,
    user_id: int = 1001,
    chat_type: str = "private",
) -> dict[str, Any]:
    """A document (file) message."""
    document = {
        **_telegram_file_ids("BQACAgUAAxkBAAI", update_id),
        "file_name": file_name,
        "mime_type": mime_type,
        "file_size": file_size,
    }
    content: dict[str, Any] = {"document": document}
    if caption is not None:
        content["caption"] = caption
    return telegram_message_update(update_id, content, chat_id, user_id, chat_type)


def _telegram_file_ids(prefix: str, seed: int) -> dict[str, str]:
    file_id = f"{prefix}{seed:08d}"
    unique = base64.urlsafe_b64encode(hashlib.sha1(file_id.encode()).digest()[:9]).decode()
    return {"file_id": file_id, "file_unique_id": f"AQAD{unique}"}


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


# --- LINE -------------------------------------------------------------------------------------


def line_webhook_event_id() -> str:
    """A 26-character ULID like LINE's webhookEventId: 48-bit ms timestamp + 80 random bits."""
    value = (int(time.time() * 1000) << 80) | secrets.randbits(80)
    return "".join(_CROCKFORD[(value >> shift) & 31] for shift in range(125, -1, -5))


def line_reply_token() -> str:
    """A reply token in LINE's format (32 hex); FakeLineApi only accepts tokens it issued."""
    return secrets.token_hex(16)


def line_message_id() -> str:
    """An 18-digit message id string."""
    return str(secrets.randbelow(9 * 10**17) + 10**17)


def line_event(
    event_type: str,
    user_id: str = LINE_USER_ID,
    source_type: str = "user",
    group_id: str = LINE_GROUP_ID,
    webhook_event_id: str | None = None,
    is_redelivery: bool = False,
    **fields: Any,
) -> dict[str, Any]:
    """Any webhook event (follow, join, …): the common envelope plus `fields` (camelCase keys)."""
    if source_type == "user":
        source = {"type": "user", "userId": user_id}
    elif source_type == "group":
        source = {"type": "group", "groupId": group_id, "userId": user_id}
    else:
        raise ValueError(f"source_type must be 'user' or 'group', not {source_type!r}")
    return {
        "type": event_type,
        "timestamp": int(time.time() * 1000),
        "source": source,
        "mode": "active",
        "webhookEventId": webhook_event_id or line_webhook_event_id(),
        "deliveryContext": {"isRedelivery": is_redelivery},
        **fields,
    }


def line_text_event(
    text: str,
    user_id: str = LINE_USER_ID,
    reply_token: str | None = None,
    webhook_event_id: str | None = None,
    source_type: str = "user",
    group_id: str = LINE_GROUP_ID,
    is_redelivery: bool = False,
) -> dict[str, Any]:
    """A text message event; pass `reply_token=api.issue_reply_token()` when the bot should reply."""
    message = {"type": "text", "id": line_message_id(), "quoteToken": _quote_token(), "text": text}
    return line_event(
        "message",
        user_id,
        source_type,
        group_id,
        webhook_event_id,
        is_redelivery,
        replyToken=reply_token or line_reply_token(),
        message=message,
    )


def line_postback_event(
    data: str,
    user_id: str = LINE_USER_ID,
    reply_token: str | None = None,
    webhook_event_id: str | None = None,
    source_type: str = "user",
    group_id: str = LINE_GROUP_ID,
    is_redelivery: bool = False,
) -> dict[str, Any]:
    """A postback event (a tapped postback action)."""
    return line_event(
        "postback",
        user_id,
        source_type,
        group_id,
        webhook_event_id,
        is_redelivery,
        replyToken=reply_token or line_reply_token(),
        postback={"data": data},
    )


def line_image_event(
    user_id: str = LINE_USER_ID,
    reply_token: str | None = None,
    webhook_event_id: str | None = None,
    source_type: str = "user",
    group_id: str = LINE_GROUP_ID,
    message_id: str | None = None,
    is_redelivery: bool = False,
) -> dict[str, Any]:
    """An image message stored by LINE (fetch it with GET /v2/bot/message/{id}/content)."""
    message = {
        "type": "image",
        "id": message_id or line_message_id(),
        "quoteToken": _quote_token(),
        "contentProvider": {"type": "line"},
    }
    return line_event(
        "message",
        user_id,
        source_type,
        group_id,
        webhook_event_id,
        is_redelivery,
        replyToken=reply_token or line_reply_token(),
        message=message,
    )


def line_file_event(
    file_name: str,
    file_size: int,
    user_id: str = LINE_USER_ID,
    reply_token: str | None = None,
    message_id: str | None = None,
    source_type: str = "user",
    group_id: str = LINE_GROUP_ID,
) -> dict[str, Any]:
    """A file message (fetch its bytes with GET /v2/bot/message/{id}/content; FakeLineApi.contents serves them)."""
    message = {"type": "file", "id": message_id or line_message_id(), "fileName": file_name, "fileSize": file_size}
    return line_event(
        "message", user_id, source_type, group_id, None, False, replyToken=reply_token or line_reply_token(),
        message=message,
    )  # fmt: skip


def line_join_event(group_id: str = LINE_GROUP_ID, reply_token: str | None = None) -> dict[str, Any]:
    """The bot was added to a group: a join event (no user in its source)."""
    event = line_event("join", source_type="group", group_id=group_id, replyToken=reply_token or line_reply_token())
    event["source"].pop("userId", None)
    return event


def line_body(events: list[dict[str, Any]], destination: str = LINE_BOT_USER_ID) -> bytes:
    """The webhook request body exactly as LINE sends it: compact UTF-8 JSON."""
    payload = {"destination": destination, "events": events}
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()


def line_signature(channel_secret: str, body: bytes) -> str:
    """The X-Line-Signature header value for `body`."""
    digest = hmac.new(channel_secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _quote_token() -> str:
    return secrets.token_urlsafe(48)
