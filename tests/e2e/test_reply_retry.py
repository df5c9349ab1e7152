"""A reply Telegram could not take (429, 5xx) after the event committed is not lost: the outbox worker sends it.
A tapped button's spinner (answerCallbackQuery) is retried at once when that can still help, and counted when not."""

from __future__ import annotations

import json

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from storage.models import OutboxMessage, ProcessedEvent
from tests.e2e.conftest import TELEGRAM_SECRET
from tests.fakes import builders

HEADERS = {"X-Telegram-Bot-Api-Secret-Token": TELEGRAM_SECRET, "Content-Type": "application/json"}


async def _outbox(running) -> list[OutboxMessage]:
    async with running.app.sessions() as session:
        return list((await session.execute(select(OutboxMessage))).scalars())


@pytest.mark.parametrize("status", [429, 500, 502])
async def test_a_reply_that_failed_transiently_is_sent_by_the_outbox_worker(serve, status):
    running = await serve()
    running.telegram.fail_next("sendMessage", status=status, retry_after=1)
    update = builders.telegram_text_update(31, "กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่")
    response = await running.client.post("/webhook/telegram", data=json.dumps(update), headers=HEADERS)
    assert response.status == 200, "the event is recorded; Telegram must not resend it"
    assert running.telegram.sent_texts(1001) == []
    [queued] = await _outbox(running)
    assert (queued.kind, queued.status, queued.chat_id) == ("reply", "pending", "1001")

    assert await running.app.outbox_worker().drain() == 1
    [text] = running.telegram.sent_texts(1001)
    assert "ครั้งที่ 2" in text
    [sent] = await _outbox(running)
    assert sent.status == "sent"
    # A redelivery of the update neither answers again nor queues again.
    assert (await running.client.post("/webhook/telegram", data=json.dumps(update), headers=HEADERS)).status == 200
    assert len(running.telegram.sent_texts(1001)) == 1 and len(await _outbox(running)) == 1


async def test_a_reply_the_platform_refuses_is_dropped_not_retried(serve):
    running = await serve()
    running.telegram.fail_next("sendMessage", status=403)  # the person blocked the bot
    update = builders.telegram_text_update(32, "สวัสดีค่ะ")
    assert (await running.client.post("/webhook/telegram", data=json.dumps(update), headers=HEADERS)).status == 200
    assert await _outbox(running) == []
    async with running.app.sessions() as session:
        assert (await session.execute(select(ProcessedEvent.event_id))).scalars().all() == ["32"]


async def _tap_after_start(running, update_id: int) -> None:
    assert (await running.client.post("/webhook/telegram", data=json.dumps(builders.telegram_text_update(
        update_id, "/start")), headers=HEADERS)).status == 200  # fmt: skip
    [sent] = running.telegram.calls_to("sendMessage")
    buttons = [b for row in sent.params["reply_markup"]["inline_keyboard"] for b in row]
    duties = next(b for b in buttons if b["text"] == "หน้าที่ 6 ข้อ")
    tap = builders.telegram_callback_update(update_id + 1, duties["callback_data"])
    assert (await running.client.post("/webhook/telegram", data=json.dumps(tap), headers=HEADERS)).status == 200


def _failures() -> float:
    return REGISTRY.get_sample_value("sandboxbot_send_failures_total", {"platform": "telegram"}) or 0.0


@pytest.mark.parametrize("status", [429, 502])
async def test_a_button_spinner_whose_answer_failed_transiently_is_stopped_by_one_retry(serve, status):
    running = await serve()
    running.telegram.fail_next("answerCallbackQuery", status=status, retry_after=1)
    before = _failures()
    await _tap_after_start(running, 41)
    answers = running.telegram.calls_to("answerCallbackQuery")
    assert [c.status for c in answers] == [status, 200], "retried at once: the spinner stops"
    assert "เชื่อมโยงยุทธศาสตร์" in running.telegram.sent_texts(1001)[-1]
    assert _failures() == before


async def test_a_spinner_answer_telegram_refuses_is_counted_and_the_tap_still_answered(serve):
    running = await serve()
    running.telegram.fail_next("answerCallbackQuery", status=400, description="Bad Request: query is too old")
    before = _failures()
    await _tap_after_start(running, 51)
    assert [c.status for c in running.telegram.calls_to("answerCallbackQuery")] == [400], "a final refusal: no retry"
    assert "เชื่อมโยงยุทธศาสตร์" in running.telegram.sent_texts(1001)[-1]
    assert _failures() == before + 1
