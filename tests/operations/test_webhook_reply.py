"""SANDBOXBOT_TELEGRAM_WEBHOOK_REPLY: a one-message answer rides in the webhook response, as Telegram allows."""

from __future__ import annotations

import asyncio
import json

from tests.e2e.conftest import TELEGRAM_SECRET
from tests.fakes import builders

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


async def _post(running, update: dict):
    response = await running.client.post("/webhook/telegram", data=json.dumps(update), headers=HEADERS)
    return response.status, await response.json()


async def test_one_message_answer_comes_back_in_the_response_body(serve_with):
    running = await serve_with(telegram_webhook_reply=True)
    status, body = await _post(running, builders.telegram_text_update(1, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่คะ"))
    assert status == 200
    assert body["method"] == "sendMessage"
    assert body["chat_id"] == 1001
    assert "30 เมษายน 2570" in body["text"]
    assert running.telegram.calls_to("sendMessage") == []  # nothing went through the Bot API


async def test_buttons_travel_as_inline_keyboard_json(serve_with):
    running = await serve_with(telegram_webhook_reply=True)
    _, body = await _post(running, builders.telegram_text_update(1, "/start"))
    assert body["method"] == "sendMessage"
    rows = body["reply_markup"]["inline_keyboard"]
    assert rows and all(
        button["text"] and len(button["callback_data"].encode()) <= 64 for row in rows for button in row
    )
    assert running.telegram.calls_to("sendMessage") == []


async def test_a_redelivered_update_is_acknowledged_without_a_second_answer(serve_with):
    running = await serve_with(telegram_webhook_reply=True)
    update = builders.telegram_text_update(7, "ขอบคุณค่ะ")
    (s1, first), (s2, second) = await asyncio.gather(_post(running, update), _post(running, update))
    assert (s1, s2) == (200, 200)
    answers = [b for b in (first, second) if b.get("method") == "sendMessage"]
    assert len(answers) + len(running.telegram.calls_to("sendMessage")) == 1


async def test_a_tapped_button_is_answered_through_the_api(serve_with):
    running = await serve_with(telegram_webhook_reply=True)
    _, menu = await _post(running, builders.telegram_text_update(1, "/start"))
    action = menu["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    status, body = await _post(running, builders.telegram_callback_update(2, action))
    assert status == 200
    assert "method" not in body  # the callback query needs its own answerCallbackQuery call
    assert running.telegram.calls_to("answerCallbackQuery")
    assert running.telegram.sent_texts(1001)
