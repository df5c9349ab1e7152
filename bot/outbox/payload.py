"""Replies as JSON and back: what an outbox row carries, so the worker renders it through the platform converters."""

from __future__ import annotations

import base64
from typing import Any

from bot.core.messages import Card, Choice, OutFile, Reply

PAYLOAD_VERSION = 1


def reply_to_json(reply: Reply) -> dict[str, Any]:
    data: dict[str, Any] = {"text": reply.text}
    if reply.choices:
        data["choices"] = [{"label": c.label, "action": c.action} for c in reply.choices]
    if reply.image_url is not None:
        data["image_url"] = reply.image_url
    if reply.file is not None:  # kept small by the callers (exports go as links); base64 keeps the row JSON
        data["file"] = {
            "name": reply.file.name,
            "mime": reply.file.mime,
            "kind": reply.file.kind,
            "data": base64.b64encode(reply.file.data).decode("ascii"),
        }
    if reply.card is not None:
        data["card"] = {
            "title": reply.card.title,
            "fields": [[name, value] for name, value in reply.card.fields],
            "footer": reply.card.footer,
        }
    return data


def reply_from_json(data: dict[str, Any]) -> Reply:
    card = data.get("card")
    file = data.get("file")
    return Reply(
        image_url=data.get("image_url"),
        file=None
        if file is None
        else OutFile(str(file["name"]), base64.b64decode(file["data"]), str(file["mime"]), str(file["kind"])),
        text=str(data.get("text", "")),
        choices=tuple(Choice(str(c["label"]), str(c["action"])) for c in data.get("choices", ())),
        card=None
        if card is None
        else Card(
            title=str(card["title"]),
            fields=tuple((str(name), str(value)) for name, value in card.get("fields", ())),
            footer=str(card.get("footer", "")),
        ),
    )


def replies_to_payload(replies: list[Reply], **meta: Any) -> dict[str, Any]:
    """The JSON an outbox row stores: {"v": 1, "replies": [...], "meta": {...}} (meta is never sent)."""
    if not replies:
        raise ValueError("an outbox message needs at least one reply")
    payload: dict[str, Any] = {"v": PAYLOAD_VERSION, "replies": [reply_to_json(r) for r in replies]}
    if meta:
        payload["meta"] = meta
    return payload


def payload_to_replies(payload: dict[str, Any]) -> list[Reply]:
    """The replies of a payload; a legacy {"text": ..., "choices": [labels]} payload becomes one text reply."""
    if "replies" in payload:
        return [reply_from_json(r) for r in payload["replies"]]
    return [Reply(text=str(payload.get("text", "")))]


def content_of(payload: dict[str, Any]) -> dict[str, Any]:
    """What the recipient sees (meta stripped): rows with equal content may go out as one LINE multicast."""
    return {key: value for key, value in payload.items() if key != "meta"}
