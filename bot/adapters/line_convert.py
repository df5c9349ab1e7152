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

from bot.core.commands import parse_command
from bot.core.messages import Attachment, ChatType, Incoming, Kind, Platform, Reply

MAX_REPLY_MESSAGES = 5
TEXT_LIMIT = 5000
QUICK_REPLY_LIMIT = 13
LABEL_LIMIT = 20
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
    """At most five LINE messages for one reply token; extra replies are folded into the fifth as text."""
    if len(replies) > MAX_REPLY_MESSAGES:
        head, tail = replies[: MAX_REPLY_MESSAGES - 1], replies[MAX_REPLY_MESSAGES - 1 :]
        merged = Reply(text="\n\n".join(r.as_text() for r in tail), choices=tail[-1].choices)
        replies = [*head, merged]
    messages = [message for reply in replies for message in _messages_of(reply)]
    if len(messages) > MAX_REPLY_MESSAGES:  # images add a message each: keep the last ones, which carry choices
        messages = messages[-MAX_REPLY_MESSAGES:]
    return messages


def _messages_of(reply: Reply) -> list[Message]:
    """An image reply is the image, then its text (with the choices); anything else is one message."""
    if reply.image_url is None:
        return [_message_of(reply)]
    image = ImageMessage(original_content_url=reply.image_url, preview_image_url=reply.image_url)
    if not (reply.text or reply.card or reply.choices):
        return [image]
    return [image, _message_of(Reply(text=reply.text, choices=reply.choices, card=reply.card))]


def _message_of(reply: Reply) -> Message:
    quick_reply = _quick_reply(reply)
    if reply.card is not None:
        return FlexMessage(
            alt_text=reply.as_text()[:400] or reply.card.title,
            contents=FlexContainer.from_dict(_bubble(reply)),
            quick_reply=quick_reply,
        )
    return TextMessage(text=(reply.as_text() or "…")[:TEXT_LIMIT], quick_reply=quick_reply)


def _quick_reply(reply: Reply) -> QuickReply | None:
    if not reply.choices:
        return None
    items = [
        QuickReplyItem(action=PostbackAction(label=c.label[:LABEL_LIMIT], data=c.action, display_text=c.label))
        for c in reply.choices[:QUICK_REPLY_LIMIT]
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
        body.append({"type": "text", "text": reply.text[:2000], "size": "sm", "wrap": True, "margin": "md"})
    if card.footer:
        body.append({"type": "text", "text": card.footer, "size": "xs", "color": "#888888", "wrap": True})
    return {"type": "bubble", "body": {"type": "box", "layout": "vertical", "contents": body}}
