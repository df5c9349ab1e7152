"""Telegram updates to Incoming, and Reply to Bot API send_message arguments."""

from __future__ import annotations

from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update

from bot.adapters.text_limits import distinct_labels, shorten, split_text
from bot.core.commands import parse_command
from bot.core.messages import Attachment, ChatType, Incoming, Kind, Platform, Reply

TEXT_LIMIT = 4096  # Telegram's limit for one message, in UTF-16 units
CALLBACK_DATA_LIMIT = 64  # bytes
BUTTON_LIMIT = 100  # buttons in one inline keyboard
LABEL_LIMIT = 64  # longer button texts are cut by the apps anyway
CAPTION_LIMIT = 1024  # a photo's or document's caption


def to_incoming(update: Update, bot_username: str | None) -> Incoming | None:
    """Map an update; None for updates we do not handle (edited messages, polls, chat member changes...)."""
    event_id = str(update.update_id)
    if update.callback_query is not None:
        query = update.callback_query
        chat = query.message.chat if query.message is not None else None
        return Incoming(
            platform=Platform.TELEGRAM,
            event_id=event_id,
            chat_id=str(chat.id if chat else query.from_user.id),
            user_id=str(query.from_user.id),
            kind=Kind.ACTION,
            chat_type=_chat_type(chat.type if chat else "private"),
            action=query.data or "",
            display_name=query.from_user.full_name,
            raw_type="callback_query",
        )
    message = update.message
    if message is None:
        return None
    base: dict[str, Any] = {
        "platform": Platform.TELEGRAM,
        "event_id": event_id,
        "chat_id": str(message.chat.id),
        "user_id": str(message.from_user.id) if message.from_user else "",
        "chat_type": _chat_type(message.chat.type),
        "display_name": message.from_user.full_name if message.from_user else None,
    }
    group = base["chat_type"] is ChatType.GROUP
    if message.new_chat_members or message.left_chat_member:
        return _membership(message, base, bot_username)
    if message.text is not None:
        command = parse_command(message.text)
        if command is not None:
            for_us = command.target is None or (bot_username or "").lower() == command.target.lower()
            return Incoming(
                **base,
                kind=Kind.COMMAND,
                text=message.text,
                command=command.name,
                args=command.args,
                addressed=for_us,
                raw_type="command",
            )
        addressed = not group or _mentions(message, bot_username) or _replies_to_bot(message, bot_username)
        text = strip_mention(message.text, bot_username)
        return Incoming(**base, kind=Kind.TEXT, text=text, addressed=addressed, raw_type="text")
    attachment = _attachment(message)
    if attachment is not None:
        return Incoming(
            **base,
            kind=Kind.MEDIA,
            text=message.caption or "",
            attachment=attachment,
            addressed=not group,
            raw_type=attachment.media_type,
        )
    return Incoming(**base, kind=Kind.STICKER, addressed=not group, raw_type=_other_type(message))


def _membership(message: Message, base: dict[str, Any], bot_username: str | None) -> Incoming:
    me = (bot_username or "").lower()
    joined = [u for u in message.new_chat_members or () if (u.username or "").lower() == me]
    left = message.left_chat_member
    if joined:
        return Incoming(**base, kind=Kind.JOINED, raw_type="bot_added")
    if left is not None and (left.username or "").lower() == me:
        return Incoming(**base, kind=Kind.LEFT, addressed=False, raw_type="bot_removed")
    return Incoming(**base, kind=Kind.MEMBERS, addressed=False, raw_type="chat_members")


def _chat_type(kind: str) -> ChatType:
    return ChatType.PRIVATE if kind == "private" else ChatType.GROUP


def _mentions(message: Message, bot_username: str | None) -> bool:
    return bool(bot_username) and f"@{bot_username}".lower() in (message.text or "").lower()


def _replies_to_bot(message: Message, bot_username: str | None) -> bool:
    replied = message.reply_to_message
    author = replied.from_user if replied is not None else None
    return author is not None and author.is_bot and (author.username or "").lower() == (bot_username or "").lower()


def strip_mention(text: str, bot_username: str | None) -> str:
    if not bot_username:
        return text
    mention = f"@{bot_username}"
    index = text.lower().find(mention.lower())
    return text if index < 0 else (text[:index] + text[index + len(mention) :]).strip()


def _attachment(message: Message) -> Attachment | None:
    if message.photo:
        largest = message.photo[-1]
        return Attachment(largest.file_id, "photo", largest.file_size)
    for media_type in ("document", "video", "audio", "voice", "video_note", "animation"):
        media = getattr(message, media_type)
        if media is not None:
            return Attachment(
                media.file_id,
                media_type,
                media.file_size,
                getattr(media, "file_name", None),
                getattr(media, "mime_type", None),
            )
    return None


def _other_type(message: Message) -> str:
    for name in ("sticker", "location", "contact", "poll", "dice", "venue", "game"):
        if getattr(message, name, None) is not None:
            return name
    return "other"


def render(reply: Reply) -> list[dict[str, Any]]:
    """send_message keyword arguments for one reply; long text is split, buttons go on the last part."""
    messages = render_text(reply)
    if reply.choices:
        messages[-1]["reply_markup"] = keyboard(reply)
    return messages


def render_json(reply: Reply) -> list[dict[str, Any]]:
    """`render` as the Bot API's JSON (reply_markup a dict), without building PTB's objects."""
    messages = render_text(reply)
    if reply.choices:
        messages[-1]["reply_markup"] = {
            "inline_keyboard": [[{"text": label, "callback_data": action}] for label, action in _buttons(reply)]
        }
    return messages


def render_text(reply: Reply) -> list[dict[str, Any]]:
    """The reply's text as send_message arguments, split where it is too long for one message."""
    parts = split_text(reply.as_text(), TEXT_LIMIT)
    return [{"text": part if part.strip() else "…"} for part in parts]


def _buttons(reply: Reply) -> list[tuple[str, str]]:
    choices = reply.choices[:BUTTON_LIMIT]
    labels = distinct_labels([c.label for c in choices], LABEL_LIMIT)
    return [(label, _callback_data(c.action)) for c, label in zip(choices, labels, strict=True)]


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    """The reply's choices as an inline keyboard, one button a row, at most 100, labels kept distinct."""
    if not reply.choices:
        return None
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=action)] for label, action in _buttons(reply)]
    )


def caption_of(reply: Reply) -> str | None:
    """A file's caption: the reply's text, cut to Telegram's 1,024 UTF-16 units on a grapheme boundary."""
    text = reply.as_text()
    return shorten(text, CAPTION_LIMIT) if text else None


def _callback_data(action: str) -> str:
    if len(action.encode()) > CALLBACK_DATA_LIMIT:
        raise ValueError(f"action id longer than {CALLBACK_DATA_LIMIT} bytes: {action!r}")
    return action
