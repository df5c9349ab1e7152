"""LINE webhook events to Incoming, and Reply to LINE messages (quick replies, Flex bubbles)."""

from __future__ import annotations

from typing import Any

from linebot.v3.messaging import (
    FlexContainer,
    FlexMessage,
    ImageMessage,
    Message,
    PostbackAction,
    QuickReply,
    QuickReplyItem,
    TextMessage,
)
from linebot.v3.webhooks import (
    Event,
    FollowEvent,
    GroupSource,
    JoinEvent,
    LeaveEvent,
    MemberJoinedEvent,
    MemberLeftEvent,
    MessageEvent,
    PostbackEvent,
    RoomSource,
    TextMessageContent,
    UnfollowEvent,
)

from bot.adapters.text_limits import distinct_labels, shorten, split_text, utf16_len
from bot.core.commands import parse_command
from bot.core.messages import Attachment, ChatType, Choice, Incoming, Kind, Platform, Reply

MAX_REPLY_MESSAGES = 5  # per reply token
TEXT_LIMIT = 5000  # UTF-16 units
QUICK_REPLY_LIMIT = 13
LABEL_LIMIT = 20
DATA_LIMIT = 300  # postback data
DISPLAY_TEXT_LIMIT = 300
ALT_TEXT_LIMIT = 400  # LINE allows 1,500; the notification preview shows far less
BUBBLE_TEXT_LIMIT = 2000  # longer text goes in text messages after the card
MEDIA_TYPES = {"image": "photo", "video": "video", "audio": "audio", "file": "document"}


def to_incoming(event: Event) -> Incoming:
    """Every event maps to something: unknown types become Kind.OTHER and are only recorded."""
    source = event.source
    user_id = getattr(source, "user_id", None) or ""
    if isinstance(source, GroupSource):
        chat_id, chat_type = source.group_id, ChatType.GROUP
    elif isinstance(source, RoomSource):
        chat_id, chat_type = source.room_id, ChatType.GROUP
    else:
        chat_id, chat_type = user_id, ChatType.PRIVATE
    base: dict[str, Any] = {
        "platform": Platform.LINE,
        "event_id": event.webhook_event_id,
        "chat_id": chat_id or "",
        "user_id": user_id,
        "chat_type": chat_type,
        "raw_type": event.type,
    }
    group = chat_type is ChatType.GROUP
    if isinstance(event, MessageEvent) and event.type == "message":
        return _message(event, base, group)
    if isinstance(event, PostbackEvent):
        return Incoming(**base, kind=Kind.ACTION, action=event.postback.data)
    if isinstance(event, FollowEvent | JoinEvent):
        return Incoming(**base, kind=Kind.JOINED)
    if isinstance(event, UnfollowEvent | LeaveEvent):
        return Incoming(**base, kind=Kind.LEFT, addressed=False)
    if isinstance(event, MemberJoinedEvent | MemberLeftEvent):
        return Incoming(**base, kind=Kind.MEMBERS, addressed=False)
    return Incoming(**base, kind=Kind.OTHER, addressed=False)


def _message(event: MessageEvent, base: dict[str, Any], group: bool) -> Incoming:
    content = event.message
    if isinstance(content, TextMessageContent):
        command = parse_command(content.text)
        if command is not None:
            return Incoming(**base, kind=Kind.COMMAND, text=content.text, command=command.name, args=command.args)
        mention = content.mention
        mentioned = mention is not None and any(getattr(m, "is_self", False) for m in mention.mentionees)
        return Incoming(**base, kind=Kind.TEXT, text=_strip_mentions(content), addressed=not group or mentioned)
    media_type = MEDIA_TYPES.get(content.type)
    if media_type is not None:
        attachment = Attachment(
            file_id=content.id,
            media_type=media_type,
            size=getattr(content, "file_size", None),
            name=getattr(content, "file_name", None),
        )
        return Incoming(**base, kind=Kind.MEDIA, attachment=attachment, addressed=not group)
    return Incoming(**base, kind=Kind.STICKER, addressed=not group)


def _strip_mentions(content: TextMessageContent) -> str:
    text = content.text
    if content.mention is None:
        return text
    for m in sorted(content.mention.mentionees, key=lambda m: m.index, reverse=True):
        if getattr(m, "is_self", False):
            text = text[: m.index] + text[m.index + m.length :]
    return text.strip()


def render(replies: list[Reply]) -> list[Message]:
    """At most five LINE messages for one reply token, none over LINE's limits, nothing dropped.

    LINE shows only the last message's quick replies, so every reply's choices go there (the core has already paged
    them to 13). Long text is split at line or sentence ends; an image reply is the image, then its text. More than
    five messages are folded: the images first, then the text packed into the messages left."""
    choices = merged_choices(replies)
    messages = [_message_of(unit) for unit in _units(replies)]
    if choices:
        messages[-1].quick_reply = _quick_reply(choices)
    return messages


def render_json(replies: list[Reply]) -> list[dict[str, Any]]:
    """The same messages as `render`, as the JSON the Messaging API takes, without building the SDK's models (they
    cost about a millisecond per reply). tests/e2e check that both give the same JSON."""
    choices = merged_choices(replies)
    messages = [_json_of(unit) for unit in _units(replies)]
    if choices:
        messages[-1]["quickReply"] = {"items": [{"type": "action", "action": a} for a in _postbacks(choices)]}
    return messages


class _Image(str):
    """An image unit: its URL."""


def _units(replies: list[Reply]) -> list[Reply | str | _Image]:
    units: list[Reply | str | _Image] = []
    for reply in replies:
        if reply.image_url is not None:
            units.append(_Image(reply.image_url))
            if not (reply.text or reply.card):
                continue
        if reply.card is not None and utf16_len(reply.text) <= BUBBLE_TEXT_LIMIT:
            units.append(reply)
        elif reply.card is not None:  # the card, then its long text in text messages
            units.append(Reply(card=reply.card))
            units.extend(split_text(reply.text, TEXT_LIMIT))
        else:
            units.extend(split_text(reply.as_text(), TEXT_LIMIT))
    if len(units) > MAX_REPLY_MESSAGES:
        images = [u for u in units if isinstance(u, _Image)][: MAX_REPLY_MESSAGES - 1]
        texts = [r.as_text() for r in replies if r.text or r.card or r.image_url is None]
        units = [*images, *fold(texts, MAX_REPLY_MESSAGES - len(images), TEXT_LIMIT)]
    return units


def merged_choices(replies: list[Reply]) -> list[Choice]:
    """Every reply's choices in order, each action once, at most QUICK_REPLY_LIMIT."""
    seen: dict[str, Choice] = {}
    for choice in (c for reply in replies for c in reply.choices):
        seen.setdefault(choice.action, choice)
    return list(seen.values())[:QUICK_REPLY_LIMIT]


def fold(texts: list[str], count: int, limit: int) -> list[str]:
    """The texts packed into at most `count` messages of `limit` units, whole replies together where they fit.
    Past count × limit units (lists are capped long before that) the last message ends with an ellipsis."""
    packed: list[str] = []
    for text in texts:
        for part in split_text(text or "…", limit):
            if packed and utf16_len(packed[-1]) + 2 + utf16_len(part) <= limit:
                packed[-1] += "\n\n" + part
            else:
                packed.append(part)
    if len(packed) > count:
        packed = [*packed[: count - 1], shorten("\n\n".join(packed[count - 1 :]), limit)]
    return packed


def _message_of(unit: Reply | str | _Image) -> Message:
    if isinstance(unit, _Image):
        return ImageMessage(original_content_url=str(unit), preview_image_url=str(unit))
    if isinstance(unit, str):
        return TextMessage(text=unit if unit.strip() else "…")
    return FlexMessage(alt_text=_alt_text(unit), contents=FlexContainer.from_dict(_bubble(unit)))


def _json_of(unit: Reply | str | _Image) -> dict[str, Any]:
    if isinstance(unit, _Image):
        return {"type": "image", "originalContentUrl": str(unit), "previewImageUrl": str(unit)}
    if isinstance(unit, str):
        return {"type": "text", "text": unit if unit.strip() else "…"}
    return {"type": "flex", "altText": _alt_text(unit), "contents": _bubble(unit)}


def _alt_text(unit: Reply) -> str:
    assert unit.card is not None
    return shorten(unit.as_text(), ALT_TEXT_LIMIT) or shorten(unit.card.title, ALT_TEXT_LIMIT)


def _postbacks(choices: list[Choice]) -> list[dict[str, str]]:
    labels = distinct_labels([c.label for c in choices], LABEL_LIMIT)
    return [
        {
            "type": "postback",
            "label": label,
            "data": c.action[:DATA_LIMIT],
            "displayText": shorten(c.label, DISPLAY_TEXT_LIMIT),
        }
        for c, label in zip(choices, labels, strict=True)
    ]


def _quick_reply(choices: list[Choice]) -> QuickReply:
    items = [
        QuickReplyItem(action=PostbackAction(label=a["label"], data=a["data"], display_text=a["displayText"]))
        for a in _postbacks(choices)
    ]
    return QuickReply(items=items)


def _bubble(reply: Reply) -> dict[str, Any]:
    card = reply.card
    assert card is not None
    rows: list[dict[str, Any]] = [
        {
            "type": "box",
            "layout": "baseline",
            "spacing": "sm",
            "contents": [
                {"type": "text", "text": name, "size": "sm", "color": "#888888", "flex": 2, "wrap": True},
                {"type": "text", "text": value or "-", "size": "sm", "flex": 5, "wrap": True},
            ],
        }
        for name, value in card.fields
    ]
    body: list[dict[str, Any]] = [{"type": "text", "text": card.title, "weight": "bold", "size": "md", "wrap": True}]
    if rows:
        body.append({"type": "box", "layout": "vertical", "margin": "md", "spacing": "sm", "contents": rows})
    if reply.text:
        body.append({"type": "text", "text": reply.text, "size": "sm", "wrap": True, "margin": "md"})
    if card.footer:
        body.append({"type": "text", "text": card.footer, "size": "xs", "color": "#888888", "wrap": True})
    return {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": body}}
