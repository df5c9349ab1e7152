"""Replies sent as one ready JSON POST reach Telegram exactly as PTB's send_message sends them, failures included.

The same replies go to a strict fake Bot API (Telegram's flood limits: 1 message/s to a chat) once through the
ready-JSON path and once through PTB's `send_message`: the calls that arrive, the statuses they get (a second part
within the second is answered 429) and what is left for the outbox must be the same."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot.core.messages import Card, Choice, Reply
from storage.models import OutboxMessage

CASES: list[list[Reply]] = [
    [Reply(text='สวัสดีค่ะ 👋 <b>ไม่ใช่ HTML</b> & "quotes" \\ ๑๒๓')],
    [Reply(text="เลือกได้เลยค่ะ", choices=(Choice("หน้าที่ 6 ข้อ", "i:duties_all"), Choice("กลไก", "i:mech")))],
    [Reply(text="การ์ด", card=Card(title="หัวข้อ", fields=(("รอบ", "2"), ("ส่ง", "31 ม.ค. 2569")), footer="ท้าย"))],
    [Reply(text="ก" * 5000, choices=(Choice("ต่อ", "more"),))],  # two parts: the second meets the 1/s limit
    [Reply(text="หนึ่ง"), Reply(text="สอง")],  # two messages: the second meets the 1/s limit
    [Reply(text="")],
]
CHATS = {"json": [str(7000 + i) for i in range(len(CASES))], "ptb": [str(-1009000 - i) for i in range(len(CASES))]}


async def _send_all(running, path: str) -> None:
    adapter = running.app.telegram
    adapter._ready_json = path == "json"
    for chat_id, replies in zip(CHATS[path], CASES, strict=True):
        await adapter.send(chat_id, replies, event_id=f"{path}-{chat_id}")


def _arrived(running, path: str) -> list[list[tuple[str, int, dict]]]:
    """Per case: (method, status, parameters without the chat) of every call to that case's chat."""
    calls = [c for c in running.telegram.calls if "chat_id" in c.params]
    return [
        [(c.method, c.status, {k: v for k, v in c.params.items() if k != "chat_id"}) for c in calls
         if str(c.params["chat_id"]) == chat]
        for chat in CHATS[path]
    ]  # fmt: skip


async def _queued(running, path: str) -> list[list[dict]]:
    async with running.app.sessions() as session:
        rows = list((await session.execute(select(OutboxMessage))).scalars())
    return [[r.payload for r in rows if r.chat_id == chat] for chat in CHATS[path]]


async def test_ready_json_sends_what_ptb_sends_under_telegrams_limits(serve):
    running = await serve()
    running.telegram.enforce_limits = True
    await _send_all(running, "json")
    await _send_all(running, "ptb")
    arrived = {path: _arrived(running, path) for path in CHATS}
    assert arrived["json"] == arrived["ptb"]
    assert [len(case) for case in arrived["json"]] == [1, 1, 1, 2, 2, 1]
    assert [c[1] for case in arrived["json"] for c in case] == [200, 200, 200, 200, 429, 200, 429, 200]
    assert arrived["json"][1][0][2]["reply_markup"]["inline_keyboard"][0][0]["text"] == "หน้าที่ 6 ข้อ"
    queued = {path: await _queued(running, path) for path in CHATS}
    assert queued["json"] == queued["ptb"]
    assert [len(case) for case in queued["json"]] == [0, 0, 0, 1, 1, 0], "what met the limit waits in the outbox"


@pytest.mark.parametrize(("status", "queued"), [(429, 1), (502, 1), (400, 0), (403, 0)])
async def test_a_failed_ready_json_send_is_retried_or_dropped_as_with_ptb(serve, status, queued):
    running = await serve()
    assert running.app.telegram._ready_json, "the app sends plain messages as ready JSON"
    running.telegram.fail_next("sendMessage", status=status, retry_after=3)
    await running.app.telegram.send("1001", [Reply(text="กำหนดส่งรายงาน")], event_id="77")
    async with running.app.sessions() as session:
        rows = list((await session.execute(select(OutboxMessage))).scalars())
    assert len(rows) == queued
    if queued:
        assert (rows[0].chat_id, rows[0].kind, rows[0].dedupe_key) == ("1001", "reply", "reply:telegram:77")
        assert await running.app.outbox_worker().drain() == 1
        assert running.telegram.sent_texts(1001) == ["กำหนดส่งรายงาน"]
