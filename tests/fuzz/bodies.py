"""Fuzzed webhook deliveries for both platforms: valid shapes with one field mutated, the probes that once broke the
webhooks, and junk. One generator drives both the Hypothesis tests (through `st.randoms()`) and the 4,000-body run
against `sandboxbot serve` (bench/fuzz_serve.py, through a seeded `random.Random`).
"""

from __future__ import annotations

import copy
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tests.fakes import builders

TELEGRAM_PATH = "/webhook/telegram"
LINE_PATH = "/webhook/line"
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SIGNATURE_HEADER = "X-Line-Signature"
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class Delivery:
    """One POST: where, which headers, what body, and what the generator did (for failure messages)."""

    path: str
    headers: dict[str, str]
    body: bytes
    what: str


# Values that have broken parsers: wrong types, extremes, lone surrogates (as JSON escapes), deep nesting.
_JUNK_VALUES: tuple[Callable[[random.Random], Any], ...] = (
    lambda r: None,
    lambda r: r.choice([True, False]),
    lambda r: r.choice([0, -1, 1, 2**31, -(2**63), 2**64, 10**30, -(10**30)]),
    lambda r: r.choice([0.5, -1e308, 1e308, 1e-300]),
    lambda r: r.choice(["", " ", "0", "-1", "x" * r.randint(100, 5000), "ก" * r.randint(100, 3000)]),
    lambda r: "\ud800" + "ชื่อ" + "\udfff",  # lone surrogates (json.dumps writes them as \\ud800 escapes)
    lambda r: "".join(chr(r.choice([0x200B, 0x202E, 0x0E31, 0x0E48, 0x1F465, 0x0, 0xFFFF])) for _ in range(20)),
    lambda r: [],
    lambda r: [[]],
    lambda r: {},
    lambda r: [{}],
    lambda r: {"": [None]},
    lambda r: [[[[1]]]],
    lambda r: r.randint(-(10**6), 10**6),
    lambda r: str(r.randint(0, 10**20)),
)


def junk_value(rng: random.Random) -> Any:
    return rng.choice(_JUNK_VALUES)(rng)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document (keys and list indexes)."""
    found = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            found += _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            found += _paths(value, (*prefix, index))
    return found


def mutate(document: dict[str, Any], rng: random.Random, times: int = 1) -> tuple[dict[str, Any], str]:
    """A copy with `times` random values replaced by junk, deleted, or given an extra junk key."""
    doc = copy.deepcopy(document)
    done = []
    for _ in range(times):
        paths = _paths(doc)
        if not paths:
            break
        path = rng.choice(paths)
        parent: Any = doc
        for step in path[:-1]:
            parent = parent[step]
        last = path[-1]
        move = rng.random()
        if move < 0.2 and isinstance(parent, dict):
            del parent[last]
            done.append(f"del {'.'.join(map(str, path))}")
        elif move < 0.3 and isinstance(parent, dict):
            parent[f"x{rng.randint(0, 9)}"] = junk_value(rng)
            done.append(f"add under {'.'.join(map(str, path[:-1]))}")
        else:
            parent[last] = junk_value(rng)
            done.append(f"set {'.'.join(map(str, path))}")
    return doc, "; ".join(done)


# --- valid shapes -------------------------------------------------------------------------------------------------


def telegram_update(rng: random.Random) -> dict[str, Any]:
    update_id = rng.randint(1, 2**31 - 1)
    chat_id = rng.choice([1001, 1002, -1001234567890, -4242])
    chat_type = "private" if chat_id > 0 else "supergroup" if chat_id < -(10**12) else "group"
    kind = rng.randrange(6)
    if kind == 0:
        return builders.telegram_callback_update(update_id, rng.choice(["i:greeting", "reg:no", "x" * 64, ""]))
    if kind == 1:
        return builders.telegram_photo_update(update_id, caption=rng.choice([None, "ภาพกิจกรรม"]))
    if kind == 2:
        return builders.telegram_document_update(update_id, chat_id=chat_id, chat_type=chat_type)
    if kind == 3:
        return builders.telegram_sticker_update(update_id, chat_id=chat_id, chat_type=chat_type)
    text = rng.choice(["สวัสดีค่ะ", "/start", "/help", "กำหนดส่งรายงานครั้งที่ 2", "ลงทะเบียน ABCD2345", "เช็คอิน"])
    user = rng.choice([1001, 1002, 7, 10**12])
    if chat_type == "private":
        chat_id = user
    return builders.telegram_text_update(update_id, text, chat_id=chat_id, user_id=user, chat_type=chat_type)


def line_events(rng: random.Random) -> list[dict[str, Any]]:
    makers = (
        lambda: builders.line_text_event(rng.choice(["สวัสดี", "หน้าที่ข้อ 4", "ลงทะเบียน", "/help"])),
        lambda: builders.line_postback_event(rng.choice(["i:greeting", "reg:no", "zz"])),
        lambda: builders.line_image_event(),
        lambda: builders.line_event("follow", replyToken=builders.line_reply_token()),
        lambda: builders.line_event("unfollow"),
        lambda: builders.line_text_event("สวัสดี", source_type="group"),
    )
    return [rng.choice(makers)() for _ in range(rng.randint(1, 3))]


# --- the probes that broke the webhooks once ----------------------------------------------------------------------


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


def telegram_probes(rng: random.Random) -> list[tuple[dict[str, Any] | bytes, str]]:
    base = builders.telegram_text_update(rng.randint(1, 2**31 - 1), "สวัสดี")
    entities = copy.deepcopy(base)
    entities["message"]["entities"] = [[]]
    overflow = copy.deepcopy(base)
    overflow["message"]["date"] = 10**20
    no_chat = copy.deepcopy(base)
    del no_chat["message"]["chat"]
    number = copy.deepcopy(base)
    number["message"]["text"] = 12345
    surrogate = copy.deepcopy(base)
    surrogate["message"]["from"]["first_name"] = "\ud800สมชาย"
    huge_id = copy.deepcopy(base)
    huge_id["update_id"] = 2**80
    chat_surrogate = copy.deepcopy(base)
    chat_surrogate["message"]["chat"]["id"] = "\udc00-100"
    return [
        (chat_surrogate, "lone surrogate in the chat id"),
        (entities, "entities [[]]"),
        (overflow, "date overflow"),
        (no_chat, "message without chat"),
        (number, "text is a number"),
        (surrogate, "lone surrogate in a name"),
        (huge_id, "update_id beyond 64 bits"),
        (_nested(100_000), "200 KB of nested ["),
        (b'{"update_id": 1, "message": ' + _nested(5000) + b"}", "nested inside an update"),
    ]


def line_probes(rng: random.Random) -> list[tuple[dict[str, Any] | bytes, str]]:
    long_id = builders.line_text_event("สวัสดี", webhook_event_id="W" * 500)
    long_type = builders.line_event("t" * 500)
    no_source = builders.line_text_event("สวัสดี")
    del no_source["source"]
    surrogate = builders.line_text_event("\udc00ข้อความ")
    number = builders.line_text_event("x")
    number["message"]["text"] = 42
    token = builders.line_text_event("สวัสดี")
    token["replyToken"] = "\ud800" + str(token.get("replyToken", ""))
    return [
        ({"destination": builders.LINE_BOT_USER_ID, "events": [token]}, "lone surrogate in the reply token"),
        ({"destination": builders.LINE_BOT_USER_ID, "events": [long_id]}, "webhookEventId longer than its column"),
        ({"destination": builders.LINE_BOT_USER_ID, "events": [long_type]}, "event type longer than its column"),
        ({"destination": builders.LINE_BOT_USER_ID, "events": [no_source]}, "event without source"),
        ({"destination": builders.LINE_BOT_USER_ID, "events": [surrogate]}, "lone surrogate in text"),
        ({"destination": builders.LINE_BOT_USER_ID, "events": [number]}, "text is a number"),
        ({"destination": builders.LINE_BOT_USER_ID, "events": [[]]}, "event is a list"),
        ({"destination": builders.LINE_BOT_USER_ID, "events": {"a": 1}}, "events is an object"),
        (_nested(100_000), "200 KB of nested ["),
    ]


# --- junk -------------------------------------------------------------------------------------------------------


def junk_body(rng: random.Random) -> tuple[bytes, str]:
    choice = rng.randrange(8)
    if choice == 0:
        return rng.randbytes(rng.randint(0, 2000)), "random bytes"
    if choice == 1:
        return b"", "empty body"
    if choice == 2:
        return json.dumps(junk_value(rng)).encode(), "a bare JSON value"
    if choice == 3:
        return b'{"update_id": 1, "message": {"text": "', "truncated JSON"
    if choice == 4:
        return "สวัสดี".encode("utf-16"), "UTF-16 text"
    if choice == 5:
        return b"x" * rng.choice([1024 * 1024 + 10, 3 * 1024 * 1024]), "over the size limit"
    if choice == 6:
        return b'{"a":' * 10_000 + b"1" + b"}" * 10_000, "deep objects"
    return json.dumps({"update_id": "1", "events": None}).encode(), "wrong types at the top"


# --- deliveries ---------------------------------------------------------------------------------------------------


def _encode(document: dict[str, Any] | bytes) -> bytes:
    if isinstance(document, bytes):
        return document
    text = json.dumps(document, ensure_ascii=False)
    if _SURROGATE.search(text):  # lone surrogates go as \\udXXXX escapes: valid JSON, as a platform would send
        return json.dumps(document).encode()
    return json.dumps(document, ensure_ascii=False).encode()


def telegram_delivery(rng: random.Random, secret: str) -> Delivery:
    headers = {SECRET_HEADER: secret, "Content-Type": "application/json"}
    roll = rng.random()
    if roll < 0.45:
        document, what = mutate(telegram_update(rng), rng, times=rng.choice([1, 1, 2, 3]))
        body, what = _encode(document), f"telegram mutated: {what}"
    elif roll < 0.6:
        probe, what = rng.choice(telegram_probes(rng))
        body, what = _encode(probe), f"telegram probe: {what}"
    elif roll < 0.75:
        body, what = _encode(telegram_update(rng)), "telegram valid"
    elif roll < 0.95:
        body, what = junk_body(rng)
        what = f"telegram junk: {what}"
    else:
        body, what = _encode(telegram_update(rng)), "telegram wrong secret"
        headers[SECRET_HEADER] = rng.choice(["", "wrong", secret + "x"])
    return Delivery(TELEGRAM_PATH, headers, body, what)


def line_delivery(rng: random.Random, channel_secret: str) -> Delivery:
    roll = rng.random()
    if roll < 0.45:
        payload = {"destination": builders.LINE_BOT_USER_ID, "events": line_events(rng)}
        document, what = mutate(payload, rng, times=rng.choice([1, 1, 2, 3]))
        body, what = _encode(document), f"line mutated: {what}"
    elif roll < 0.6:
        probe, what = rng.choice(line_probes(rng))
        body, what = _encode(probe), f"line probe: {what}"
    elif roll < 0.75:
        body, what = builders.line_body(line_events(rng)), "line valid"
    elif roll < 0.95:
        body, what = junk_body(rng)
        what = f"line junk: {what}"
    else:
        body = builders.line_body(line_events(rng))
        signature = rng.choice(["", "bm90IGEgc2lnbmF0dXJl", builders.line_signature("other-secret", body)])
        return Delivery(LINE_PATH, {SIGNATURE_HEADER: signature}, body, "line wrong signature")
    headers = {SIGNATURE_HEADER: builders.line_signature(channel_secret, body), "Content-Type": "application/json"}
    return Delivery(LINE_PATH, headers, body, what)


def delivery(rng: random.Random, telegram_secret: str, line_secret: str) -> Delivery:
    if rng.random() < 0.5:
        return telegram_delivery(rng, telegram_secret)
    return line_delivery(rng, line_secret)
