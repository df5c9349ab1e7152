"""An admin's morning, as a new user would live it, on a Telegram group and on a LINE group through the local fakes:
status, remind, add a deadline, export. Set SANDBOXBOT_TRANSCRIPT=path to keep the conversation as text."""

from __future__ import annotations

import io
import os
from pathlib import Path

from openpyxl import load_workbook

from tests.admin.conftest import CHAIR_LINE, CHAIR_TG, EXPERT_TG, TG_GROUP
from tests.admin.test_group_commands import some_work


def _line_readable(world, before: int) -> str:
    out = []
    for reply in world.running.line.replies()[before:]:
        for m in reply["messages"]:
            if m["type"] == "text":
                out.append(m["text"])
            elif m["type"] == "flex":
                out.append("[Flex] " + m["altText"])
            elif m["type"] == "image":
                out.append(f"[รูปภาพ] {m['originalContentUrl']}")
            items = (m.get("quickReply") or {}).get("items", [])
            if items:
                out.append("  " + " ".join(f"[{i['action']['label']}]" for i in items))
    return "\n".join(out)


def _tg_readable(world, before: int, chat_id: int) -> str:
    out = []
    for call in world.running.telegram.calls[before:]:
        if call.params.get("chat_id") != chat_id or call.status != 200:
            continue
        if call.method == "sendDocument":
            out.append(f"[ไฟล์] {call.params['document'].filename} — {call.params.get('caption', '')}")
        elif call.method == "sendMessage":
            out.append(call.params["text"])
        markup = call.params.get("reply_markup") or {}
        buttons = [b["text"] for row in markup.get("inline_keyboard", []) for b in row]
        if buttons:
            out.append("  " + " ".join(f"[{b}]" for b in buttons))
    return "\n".join(out)


async def test_an_admins_morning_on_telegram_and_line(world):
    log: list[str] = []
    await some_work(world)
    worker = world.running.app.outbox_worker()
    tg, line = world.tg, world.line

    async def tg_say(text: str, tap: bool = False) -> str:
        before = len(world.running.telegram.calls)
        await (tg.tap(CHAIR_TG, text) if tap else tg.say(CHAIR_TG, text))
        shown = _tg_readable(world, before, TG_GROUP)
        log.append(f"ประธาน> {'[แตะ] ' if tap else ''}{text}\nบอท> " + shown.replace("\n", "\n     "))
        return shown

    async def line_say(text: str, tap: bool = False) -> str:
        before = len(world.running.line.replies())
        await (line.tap(CHAIR_LINE, text) if tap else line.say(CHAIR_LINE, text))
        shown = _line_readable(world, before)
        log.append(f"ประธาน> {'[แตะ] ' if tap else ''}{text}\nบอท> " + shown.replace("\n", "\n     "))
        return shown

    log.append("=== Telegram: กลุ่มคณะกรรมการขับเคลื่อนฯ สพป.ยะลา เขต 1 (วันเสาร์ที่ 21 พ.ย. 2569 10:00) ===")
    await tg.bot_added(CHAIR_TG)
    assert "ผูกกลุ่มนี้กับ" in (await tg_say("/bind C-YALA-1") and await tg_say("ยืนยัน", tap=True))
    assert "ครบ 6 ข้อ 1/4" in await tg_say("/status")
    assert "3 คน" in await tg_say("/remind")
    assert "3 คน" in await tg_say("ยืนยัน", tap=True)
    await worker.drain()
    expert = world.running.telegram.sent_texts(EXPERT_TG)[-1]
    log.append("(แชทส่วนตัวของ ดร.ผู้ทรง คุณวุฒิ) บอท> " + expert.replace("\n", "\n     "))
    assert "15 พฤษภาคม 2570" in await tg_say("/deadline add 15 พ.ค. 70 ส่งแผนพัฒนาโรงเรียนนำร่อง")
    assert "#1" in await tg_say("ยืนยัน", tap=True)
    assert "[ไฟล์] C-YALA-1-round2-2569.xlsx" in await tg_say("/export")
    [call] = world.running.telegram.calls_to("sendDocument")
    assert load_workbook(io.BytesIO(call.params["document"].data))["เช็คอิน"].max_row == 9

    log.append("\n=== LINE: the same committee moves to its LINE group ===")
    assert "ยกเลิกการผูกกลุ่ม" in (await tg_say("/unbind") and await tg_say("ยืนยัน", tap=True))
    await line.joined()
    await line_say("ผูกกลุ่ม C-YALA-1")
    assert "ผูกกลุ่มนี้กับ" in await line_say("ยืนยัน", tap=True)
    assert "[Flex]" in await line_say("สถานะกลุ่ม")
    assert "ไปแล้ววันนี้" in (await line_say("เตือนทุกคน") and await line_say("ยืนยัน", tap=True))
    await line_say("เพิ่มกำหนดส่ง 15/6/2570 ประชุมสรุปภาคเรียน")
    assert "#2" in await line_say("ยืนยัน", tap=True)
    assert "แชทส่วนตัว" in await line_say("ส่งออกข้อมูล")
    await worker.drain()
    [push] = world.running.line.pushes()
    assert push["to"] == CHAIR_LINE
    log.append("(แชทส่วนตัวของประธานใน LINE) บอท> " + push["messages"][0]["text"].replace("\n", "\n     "))
    url = push["messages"][0]["text"].split("\n")[-1]
    response = await world.running.client.get(url[url.index("/files/") :])
    assert response.status == 200 and (await response.read()).startswith(b"PK")
    if os.environ.get("SANDBOXBOT_TRANSCRIPT"):
        Path(os.environ["SANDBOXBOT_TRANSCRIPT"]).write_text("\n".join(log) + "\n", encoding="utf-8")  # noqa: ASYNC240
