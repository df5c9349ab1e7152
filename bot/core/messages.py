"""Platform-neutral message types: what adapters hand to the core and what handlers hand back."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Platform(StrEnum):
    TELEGRAM = "telegram"
    LINE = "line"
    CONSOLE = "console"


class Kind(StrEnum):
    """What the user did; adapters map every platform event to one of these."""

    TEXT = "text"  # a typed message
    COMMAND = "command"  # /cmd args (Telegram commands, or text starting with "/" anywhere)
    ACTION = "action"  # a tapped choice: Telegram callback query, LINE postback
    MEDIA = "media"  # photo, document, video, audio, file
    STICKER = "sticker"  # sticker, location and other non-text content without a file we keep
    JOINED = "joined"  # the bot was followed (1:1) or added to a group
    LEFT = "left"  # unfollowed or removed from a group
    MEMBERS = "members"  # people joined or left a group the bot is in
    OTHER = "other"  # anything else: recorded, acknowledged, not answered


class ChatType(StrEnum):
    PRIVATE = "private"
    GROUP = "group"


@dataclass(frozen=True, slots=True)
class Attachment:
    """A file the user sent, kept by platform file id (we never download it in the core)."""

    file_id: str
    media_type: str  # photo, document, video, audio, file
    size: int | None = None
    name: str | None = None
    mime_type: str | None = None


@dataclass(frozen=True, slots=True)
class Incoming:
    """One inbound event, whatever the platform. Ids are strings (LINE ids are strings)."""

    platform: Platform
    event_id: str
    chat_id: str
    user_id: str
    kind: Kind
    chat_type: ChatType = ChatType.PRIVATE
    text: str = ""
    command: str | None = None  # without slash and without @botname, lower case
    args: str = ""
    action: str | None = None  # the short action id of a tapped choice
    attachment: Attachment | None = None
    display_name: str | None = None
    raw_type: str = ""  # the platform's own event type, for the record
    addressed: bool = True  # False for group chatter not meant for the bot: recorded, not answered

    @property
    def key(self) -> tuple[str, str, str]:
        """The conversation key: (platform, chat, user)."""
        return (self.platform.value, self.chat_id, self.user_id)


@dataclass(frozen=True, slots=True)
class Choice:
    """A button. `action` is a short ASCII id (Telegram callback_data is limited to 64 bytes)."""

    label: str
    action: str


@dataclass(frozen=True, slots=True)
class Card:
    """A titled block of fields; LINE renders a Flex bubble, others render text."""

    title: str
    fields: tuple[tuple[str, str], ...] = ()
    footer: str = ""


@dataclass(frozen=True, slots=True)
class OutFile:
    """A file the bot sends: a document (Telegram sendDocument) or a photo (sendPhoto).

    LINE cannot receive files from a bot; handlers give LINE a signed link or an `image_url` instead."""

    name: str
    data: bytes
    mime: str
    kind: str = "document"  # "document" or "photo"


@dataclass(frozen=True, slots=True)
class Reply:
    """One outgoing message: text, optionally with choices and/or a card, a file or an image link."""

    text: str = ""
    choices: tuple[Choice, ...] = ()
    card: Card | None = None
    file: OutFile | None = None  # Telegram: sent as a document or photo with the text as its caption
    image_url: str | None = None  # LINE: an image message at this (signed, expiring) HTTPS address

    def as_text(self) -> str:
        """The message degraded to plain text, for platforms that cannot show cards or buttons."""
        parts: list[str] = []
        if self.card is not None:
            parts.append(self.card.title)
            parts.extend(f"{name}: {value}" for name, value in self.card.fields)
            if self.card.footer:
                parts.append(self.card.footer)
        if self.text:
            parts.append(self.text)
        return "\n".join(parts)

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {"text": self.as_text(), "choices": [c.label for c in self.choices]}
        return data


@dataclass(slots=True)
class Outcome:
    """What processing one event produced: the replies, and whether it was a duplicate."""

    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
