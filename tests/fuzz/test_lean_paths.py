"""The hot path's shortcuts give what the SDK paths give: LINE events read without line-bot-sdk's models, and LINE
messages rendered as JSON without them. Seeded mutations of valid events, as in the fuzz tests."""

from __future__ import annotations

import random

import pytest
from linebot.v3.webhooks import Event

from bot.adapters.line_convert import render, render_json, to_incoming
from bot.adapters.line_fast import fast_incoming
from bot.core.messages import Card, Choice, Reply
from tests.fakes import builders
from tests.fuzz.bodies import line_events, mutate


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
