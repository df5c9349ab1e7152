"""Make an inbound event storable whatever the platform sent: no lone surrogates or NULs (neither database takes
them), ids that fit their columns (hashed when longer, so a redelivery still deduplicates), names and types cut."""

from __future__ import annotations

import dataclasses
import hashlib
import re
from typing import Any

from bot.core.messages import Attachment, Incoming

ID_LIMIT = 100  # processed_events.event_id, identities.user_id, conversation_states.chat_id/user_id
KIND_LIMIT = 30  # processed_events.kind
NAME_LIMIT = 200  # identities.display_name
FILE_ID_LIMIT = 300  # update_attachments.file_id
TEXT_LIMIT = 20_000  # what a person could type on either platform, with room to spare
_UNSTORABLE = re.compile("[\ud800-\udfff\x00]")
_HASHED = "h:"


def text(value: Any, limit: int = TEXT_LIMIT) -> str:
    """A storable string: lone surrogates become U+FFFD, NUL characters go, anything past `limit` is cut."""
    if value is None:
        return ""
    value = (value if isinstance(value, str) else str(value))[:limit]
    if "\x00" not in value and (value.isascii() or _encodable(value)):
        return value  # what platforms send: nothing to replace (the search below cost more than all of this)
    return _UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)


def _encodable(value: str) -> bool:
    """Whether the text has no lone surrogate (the one thing UTF-8 cannot encode)."""
    try:
        value.encode()
    except UnicodeEncodeError:
        return False
    return True


def identifier(value: Any, limit: int = ID_LIMIT) -> str:
    """An id that fits its column: itself when it does, else a stable hash of it (the same input, the same id)."""
    value = text(value, limit=10 * 1024 * 1024)
    if len(value) <= limit:
        return value
    return _HASHED + hashlib.sha256(value.encode()).hexdigest()[: limit - len(_HASHED)]


def storable(msg: Incoming) -> Incoming:
    """The event with every value made to fit the store (a no-op for what the platforms normally send)."""
    attachment = msg.attachment
    if attachment is not None:
        attachment = Attachment(
            file_id=identifier(attachment.file_id, FILE_ID_LIMIT),
            media_type=text(attachment.media_type, 20),
            size=attachment.size if isinstance(attachment.size, int) and 0 <= attachment.size < 2**62 else None,
            name=text(attachment.name, 300) if attachment.name is not None else None,
            mime_type=text(attachment.mime_type, 100) if attachment.mime_type is not None else None,
        )
    return dataclasses.replace(
        msg,
        event_id=identifier(msg.event_id),
        chat_id=identifier(msg.chat_id),
        user_id=identifier(msg.user_id),
        text=text(msg.text),
        command=text(msg.command, 64) if msg.command is not None else None,
        args=text(msg.args),
        action=text(msg.action, 300) if msg.action is not None else None,
        attachment=attachment,
        display_name=text(msg.display_name, NAME_LIMIT) if msg.display_name is not None else None,
        raw_type=text(msg.raw_type, KIND_LIMIT),
    )
