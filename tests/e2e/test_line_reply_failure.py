"""A LINE reply the platform refuses or fails: the event stays recorded and acknowledged, the failure is counted,
nothing is pushed in its place (a push spends the paid quota), and the next event is answered as usual."""

from __future__ import annotations

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import select

from storage.models import ProcessedEvent
from tests.e2e.test_line import post
from tests.fakes import builders


def _failures() -> float:
    return REGISTRY.get_sample_value("sandboxbot_send_failures_total", {"platform": "line"}) or 0.0


@pytest.mark.parametrize("status", [400, 500])
async def test_a_refused_reply_is_counted_and_the_next_event_is_answered(serve, status):
    running = await serve()
    before = _failures()
    running.line.fail_next("/v2/bot/message/reply", status=status)
    first = builders.line_text_event("กำหนดส่งรายงานครั้งที่ 2 เมื่อไหร่", reply_token=running.line.issue_reply_token())
    assert (await post(running, [first])).status == 200, "recorded: LINE must not deliver it again"
    assert running.line.replies() == [] and running.line.pushes() == []
    assert _failures() == before + 1
    async with running.app.sessions() as session:
        recorded = (await session.execute(select(ProcessedEvent.event_id))).scalars().all()
    assert recorded == [first["webhookEventId"]]

    second = builders.line_text_event("สวัสดีค่ะ", reply_token=running.line.issue_reply_token())
    assert (await post(running, [second])).status == 200
    [reply] = running.line.replies()
    assert reply["replyToken"] == second["replyToken"] and _failures() == before + 1
