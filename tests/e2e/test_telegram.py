"""Telegram end to end: webhook in, PTB out, as recorded by the fake Bot API."""

from __future__ import annotations

import asyncio
import json

from sqlalchemy import func, select

from storage.engine import create_engine, session_factory
from storage.models import ProcessedEvent
from tests.e2e.conftest import TELEGRAM_SECRET
from tests.fakes import builders

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


async def post(running, update: dict, headers: dict | None = None):
    return await running.client.post("/webhook/telegram", data=json.dumps(update), headers=headers or HEADERS)


async def count_events(running) -> int:
    async with running.app.sessions() as session:
        return (await session.execute(select(func.count()).select_from(ProcessedEvent))).scalar_one()


async def test_thai_question_gets_the_deadline_in_buddhist_era(serve):
    running = await serve()
    response = await post(running, builders.telegram_text_update(1, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่คะ"))
    assert response.status == 200
    [answer] = running.telegram.sent_texts(1001)
    assert "ครั้งที่ 2" in answer
    assert "30 เมษายน 2570" in answer
    assert "อีก 160 วัน" in answer


async def test_choices_become_an_inline_keyboard_and_a_tap_is_answered(serve):
    running = await serve()
    await post(running, builders.telegram_text_update(1, "/start"))
    [sent] = running.telegram.calls_to("sendMessage")
    buttons = [b for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    duties = next(b for b in buttons if b["text"] == "หน้าที่ 6 ข้อ")

    await post(running, builders.telegram_callback_update(2, duties["callback_data"]))
    assert len(running.telegram.calls_to("answerCallbackQuery")) == 1
    answer = running.telegram.sent_texts(1001)[-1]
    assert "เชื่อมโยงยุทธศาสตร์ และแผนการดำเนินงาน" in answer
    assert "ปฏิบัติงานอื่นตามที่ สพฐ. มอบหมาย" in answer


async def test_wrong_or_missing_secret_is_refused_and_nothing_is_stored(serve):
    running = await serve()
    update = builders.telegram_text_update(5, "สวัสดีค่ะ")
    wrong = {**HEADERS, "X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}
    assert (await post(running, update, wrong)).status == 403
    assert (await post(running, update, {"Content-Type": "application/json"})).status == 403
    assert await count_events(running) == 0
    assert running.telegram.calls_to("sendMessage") == []


async def test_malformed_body_is_a_400(serve):
    running = await serve()
    response = await running.client.post("/webhook/telegram", data=b"{not json", headers=HEADERS)
    assert response.status == 400
    assert (await post(running, {"hello": "world"})).status == 400
    assert await count_events(running) == 0


async def test_the_same_update_three_times_is_answered_once(serve):
    running = await serve()
    update = builders.telegram_text_update(7, "ใครดูแลจังหวัดยะลา")
    for _ in range(3):
        assert (await post(running, update)).status == 200
    texts = running.telegram.sent_texts(1001)
    assert len(running.telegram.calls_to("sendMessage")) == 1  # the answer (the group card one tap away), once
    assert "กลุ่มที่ 2" in texts[0]
    assert await count_events(running) == 1


async def test_sticker_and_photo_get_a_polite_thai_answer(serve):
    running = await serve()
    await post(running, builders.telegram_sticker_update(1))
    await post(running, builders.telegram_photo_update(2))
    sticker_answer, photo_answer = running.telegram.sent_texts(1001)
    assert "อ่านได้เฉพาะข้อความ" in sticker_answer
    assert "ได้รับไฟล์แล้วค่ะ" in photo_answer


async def test_group_commands_with_the_bot_name_are_answered_and_chatter_is_not(serve):
    running = await serve()
    group = {"chat_id": -100123, "user_id": 2002, "chat_type": "group"}
    await post(running, builders.telegram_text_update(1, "ประชุมกี่โมงครับ", **group))
    await post(running, builders.telegram_text_update(2, "/deadline@sandbox_test_bot", **group))
    await post(running, builders.telegram_text_update(3, "/deadline@some_other_bot", **group))
    texts = running.telegram.sent_texts(-100123)
    assert len(texts) == 1
    assert "30 เมษายน 2570" in texts[0]
    assert await count_events(running) == 3


async def test_database_down_answers_503_and_the_retry_is_answered(serve):
    running = await serve()
    processor = running.app.processor
    working = processor.sessions
    unreachable = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")  # nothing listens on port 1
    processor.sessions = session_factory(unreachable)
    update = builders.telegram_text_update(9, "สวัสดีค่ะ")
    try:
        assert (await post(running, update)).status == 503
        assert running.telegram.calls_to("sendMessage") == []
    finally:
        processor.sessions = working
        await unreachable.dispose()
    assert (await post(running, update)).status == 200  # Telegram's retry, once the store is back
    assert len(running.telegram.sent_texts(1001)) == 1


async def test_healthz_reports_the_store_and_the_platforms(serve):
    running = await serve()
    response = await running.client.get("/healthz")
    assert response.status == 200
    assert await response.json() == {"status": "ok", "database": True, "platforms": ["telegram", "line"]}


async def test_the_same_update_delivered_concurrently_is_answered_once(serve):
    running = await serve()
    update = builders.telegram_text_update(11, "กำหนดส่งรายงานครั้งถัดไป")
    statuses = await asyncio.gather(*(post(running, update) for _ in range(3)))
    assert [s.status for s in statuses] == [200, 200, 200]
    assert len(running.telegram.sent_texts(1001)) == 1
    assert await count_events(running) == 1
