"""LINE end to end: signed webhooks in, replies through line-bot-sdk, as recorded by the fake LINE API."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import ProcessedEvent
from tests.e2e.conftest import LINE_SECRET
from tests.fakes import builders

FIXTURE = Path(__file__).resolve().parents[1] / "data" / "line-webhook-events.json"


async def post(running, events: list[dict], secret: str = LINE_SECRET, signature: str | None = None):
    body = builders.line_body(events)
    headers = {"Content-Type": "application/json"}
    if signature != "":
        headers["X-Line-Signature"] = signature or builders.line_signature(secret, body)
    return await running.client.post("/webhook/line", data=body, headers=headers)


async def count_events(running) -> int:
    async with running.app.sessions() as session:
        return (await session.execute(select(func.count()).select_from(ProcessedEvent))).scalar_one()


async def test_thai_question_is_answered_with_the_reply_token(serve):
    running = await serve()
    token = running.line.issue_reply_token()
    event = builders.line_text_event("กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่คะ", reply_token=token)
    assert (await post(running, [event])).status == 200
    [reply] = running.line.replies()
    assert reply["replyToken"] == token
    [answer] = running.line.reply_texts()
    assert "30 เมษายน 2570" in answer
    assert "อีก 160 วัน" in answer
    assert running.line.pushes() == []  # replies are free; nothing was pushed


async def test_choices_become_quick_replies_and_a_postback_is_answered(serve):
    running = await serve()
    event = builders.line_text_event("สวัสดีค่ะ", reply_token=running.line.issue_reply_token())
    await post(running, [event])
    message = running.line.replies()[0]["messages"][0]
    items = message["quickReply"]["items"]
    assert all(len(item["action"]["label"]) <= 20 for item in items)
    mechanisms = next(i["action"] for i in items if i["action"]["label"] == "กลไก 11 ข้อ")

    tap = builders.line_postback_event(mechanisms["data"], reply_token=running.line.issue_reply_token())
    await post(running, [tap])
    answer = running.line.reply_texts()[-1]
    assert "11" in answer
    assert "Management Cockpit" in answer


async def test_oversight_answer_is_one_message_and_its_group_card_one_tap_away(serve):
    running = await serve()
    await post(running, [builders.line_text_event("ใครดูแลจังหวัดยะลา", reply_token=running.line.issue_reply_token())])
    messages = running.line.replies()[0]["messages"]
    assert [m["type"] for m in messages] == ["text"]
    assert "กลุ่มที่ 2" in messages[0]["text"]
    button = next(i["action"] for i in messages[0]["quickReply"]["items"] if i["action"]["label"] == "กลุ่มที่ 2")

    await post(running, [builders.line_postback_event(button["data"], reply_token=running.line.issue_reply_token())])
    messages = running.line.replies()[1]["messages"]
    assert [m["type"] for m in messages] == ["flex"]
    card = json.dumps(messages[0]["contents"], ensure_ascii=False)
    for name in ("นายภูธร จันทะหงษ์ ปุณยจรัสธำรง", "นายพิทักษ์ โสตถยาคม", "ยะลา", "นราธิวาส"):
        assert name in card


@pytest.mark.parametrize("signature", ["", "bm90LWEtc2lnbmF0dXJl"], ids=["missing", "wrong"])
async def test_missing_or_wrong_signature_is_401_and_stores_nothing(serve, signature):
    running = await serve()
    event = builders.line_text_event("สวัสดีค่ะ", reply_token=running.line.issue_reply_token())
    assert (await post(running, [event], signature=signature)).status == 401
    assert await count_events(running) == 0
    assert running.line.replies() == []


async def test_signed_with_another_secret_is_refused(serve):
    running = await serve()
    event = builders.line_text_event("สวัสดีค่ะ", reply_token=running.line.issue_reply_token())
    assert (await post(running, [event], secret="someone-else")).status == 401
    assert await count_events(running) == 0


async def test_a_redelivered_event_is_processed_once(serve):
    running = await serve()
    event = builders.line_text_event("หน้าที่ข้อ 4 คืออะไร", reply_token=running.line.issue_reply_token())
    redelivered = copy.deepcopy(event)
    redelivered["deliveryContext"]["isRedelivery"] = True
    for body in (event, redelivered, redelivered):
        assert (await post(running, [body])).status == 200
    assert len(running.line.replies()) == 1
    assert await count_events(running) == 1


async def test_all_28_fixture_events_are_handled(serve):
    """The SDK's own fixture, as is (it reuses one webhookEventId, so it counts once), then with unique ids."""
    running = await serve()
    raw = FIXTURE.read_bytes()
    response = await running.client.post(
        "/webhook/line", data=raw, headers={"X-Line-Signature": builders.line_signature(LINE_SECRET, raw)}
    )
    assert response.status == 200
    before = len(running.line.calls_to("/v2/bot/message/reply"))  # the fixture's own reply tokens are not valid here

    events = json.loads(raw)["events"]
    assert len(events) == 28
    answered = 0
    for event in events:
        event["webhookEventId"] = builders.line_webhook_event_id()
        if "replyToken" in event:
            event["replyToken"] = running.line.issue_reply_token()
            answered += 1
    assert (await post(running, events)).status == 200
    assert await count_events(running) == 1 + 28
    replies = running.line.replies()
    failed = [c for c in running.line.calls_to("/v2/bot/message/reply")[before:] if c.status >= 400]
    assert failed == []
    assert 0 < len(replies) <= answered  # group chatter and beacons are recorded without a reply
