"""The hot path's shortcuts give what the SDK paths give: events read without line-bot-sdk's or PTB's models, and
messages rendered as JSON without them. Seeded mutations of valid events, as in the fuzz tests."""

from __future__ import annotations

import random

import pytest
from linebot.v3.webhooks import Event
from telegram import Bot, Update

from bot.adapters.line_convert import render, render_json, to_incoming
from bot.adapters.line_fast import fast_incoming
from bot.adapters.telegram_convert import render as tg_render
from bot.adapters.telegram_convert import render_json as tg_render_json
from bot.adapters.telegram_convert import to_incoming as tg_to_incoming
from bot.adapters.telegram_fast import fast_incoming as tg_fast_incoming
from bot.core.messages import Card, Choice, Incoming, Reply
from bot.logs import protect_logs
from tests.fakes import builders
from tests.fuzz.bodies import line_events, mutate, telegram_update


def _sdk(raw: object) -> tuple[object, object] | None:
    try:
        event = Event.from_dict(raw)
        if event is None:
            return None
        return to_incoming(event), getattr(event, "reply_token", None)
    except Exception:
        return None


def test_the_common_events_take_the_fast_path_and_match_the_sdk():
    events = [
        builders.line_text_event("กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่คะ"),
        builders.line_text_event("/help admin"),
        builders.line_postback_event("i:greeting"),
    ]
    for raw in events:
        fast = fast_incoming(raw)
        assert fast is not None
        assert fast == _sdk(raw)


@pytest.mark.parametrize(
    "raw",
    [
        builders.line_text_event("สวัสดี", source_type="group"),
        builders.line_image_event(),
        builders.line_event("follow", replyToken=builders.line_reply_token()),
    ],
)
def test_other_shapes_go_through_the_sdk(raw):
    assert fast_incoming(raw) is None


def test_a_mutated_event_is_read_fast_only_when_the_sdk_reads_it_the_same():
    rng = random.Random(12)
    fast_count = 0
    for _ in range(3000):
        raw = rng.choice(line_events(rng))
        if rng.random() < 0.8:
            raw, _what = mutate(raw, rng, times=rng.randint(1, 2))
        fast = fast_incoming(raw)
        if fast is not None:
            fast_count += 1
            assert fast == _sdk(raw), raw
    assert fast_count > 100


CHOICES = tuple(Choice(f"ตัวเลือกที่ยาวมากเกินยี่สิบตัวอักษร {i}", f"i:x:{i}") for i in range(15))


@pytest.mark.parametrize(
    "replies",
    [
        [Reply(text="สวัสดีค่ะ", choices=CHOICES[:3])],
        [Reply(text="ก" * 12_000, choices=CHOICES)],
        [Reply(text="", card=Card("บัตร", (("ชื่อ", "ครู"), ("โรงเรียน", "")), "ท้าย"))],
        [Reply(text="ข" * 3000, card=Card("บัตร"))],
        [Reply(text="ภาพ", image_url="https://example.org/a.png"), Reply(text="   ")],
        [Reply(text=f"ข้อ {i}") for i in range(8)] + [Reply(image_url="https://example.org/b.png")],
    ],
)
def test_json_messages_are_the_sdk_messages(replies):
    assert render_json(replies) == [message.to_dict() for message in render(replies)]


# --- Telegram -----------------------------------------------------------------------------------------------------

TOKEN = "123456:TEST-token"
protect_logs([TOKEN])  # as the app does before it builds its Bot: PTB logs the URL with the token at DEBUG
BOT = Bot(TOKEN)
USERNAME = "sandbox_bot"


def _ptb(data: dict) -> Incoming | None:
    try:
        return tg_to_incoming(Update.de_json(data, BOT), USERNAME)
    except Exception:
        return None


def test_a_private_text_takes_the_fast_path_and_matches_ptb():
    texts = ["กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่คะ", "@sandbox_bot สวัสดี", "/help@other_bot"]
    for number, text in enumerate(texts, start=1):
        data = builders.telegram_text_update(number, text)
        data["message"].pop("entities", None)  # Telegram adds them to commands; the fast path leaves those to PTB
        fast = tg_fast_incoming(data, USERNAME)
        assert fast is not None
        assert fast == _ptb(data)


def test_a_mutated_update_is_read_fast_only_when_ptb_reads_it_the_same():
    rng = random.Random(21)
    fast_count = 0
    for _ in range(3000):
        data = telegram_update(rng)
        data.get("message", {}).pop("entities", None)
        if rng.random() < 0.8:
            data, _what = mutate(data, rng, times=rng.randint(1, 2))
        if not isinstance(data.get("update_id"), int) or isinstance(data.get("update_id"), bool):
            continue  # the webhook answers 400 before parsing
        fast = tg_fast_incoming(data, USERNAME)
        if fast is not None:
            fast_count += 1
            assert fast == _ptb(data), data
    assert fast_count > 100


@pytest.mark.parametrize(
    "reply",
    [Reply(text="สวัสดีค่ะ"), Reply(text="เลือก", choices=CHOICES), Reply(text="ค" * 9000, choices=CHOICES[:2])],
)
def test_telegram_json_messages_are_ptbs(reply):
    expected = [
        {name: value.to_dict() if hasattr(value, "to_dict") else value for name, value in message.items()}
        for message in tg_render(reply)
    ]
    assert tg_render_json(reply) == expected


def test_updates_ptb_would_refuse_or_read_otherwise_go_to_ptb():
    group = builders.telegram_text_update(1, "สวัสดี", chat_id=-4242, chat_type="group")
    command = builders.telegram_text_update(2, "/start")  # with its bot_command entity
    overflow = builders.telegram_text_update(3, "สวัสดี")
    overflow["message"]["date"] = 10**30
    for data in (group, command, overflow):
        assert tg_fast_incoming(data, USERNAME) is None
